import type { Resolved } from '@/lib/executions/resolve';
import { finishExecution } from '@/lib/executions/recorder';
import type { Random } from '@/lib/experiments/simulation';
import { costAtCatalogPrice } from '@/lib/models/catalog';

// The demo's history has no model behind it; these made-up calls give the console's cost and
// latency figures something to show. Tokens follow the prompt's length, latency a log-normal
// around the variant's mean, cost the catalog's real price for the variant's model.
const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

export async function simulateModelCall(resolved: Resolved, meanLatencyMs: number, random: Random) {
  const prompt = resolved.type === 'text' ? resolved.text! : resolved.messages!.map((m) => m.content).join('\n');
  const usage = { inputTokens: Math.round(words(prompt) * 1.35) + 8, outputTokens: 20 + Math.floor(random() * 180) };
  const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const latencyMs = Math.round(meanLatencyMs * Math.exp(0.35 * normal - 0.06));
  const { provider, model } = resolved.modelConfig;
  const costUsd = provider && model ? await costAtCatalogPrice(provider, model, usage) : null;
  await finishExecution({
    id: resolved.executionId,
    status: 'success',
    latencyMs,
    ...usage,
    costUsd,
    output: '(a simulated answer from the demo data)',
    error: null,
  });
}
