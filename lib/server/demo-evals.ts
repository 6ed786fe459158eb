import { getDb } from '@/db/client';
import { getDatasetByName } from '@/db/queries/datasets';
import { finishEvalRun, insertEvalRun, recordEvalItem, updateEvalRunDates } from '@/db/queries/evals';
import type { ModelConfig } from '@/db/schema';
import type { DemoEval } from '@/db/seed';
import { audit } from '@/lib/audit/audit';
import type { Actor } from '@/lib/auth/roles';
import { createDataset } from '@/lib/datasets/datasets';
import { seededRandom } from '@/lib/experiments/simulation';
import { newId } from '@/lib/ids';
import { costAtCatalogPrice } from '@/lib/models/catalog';
import { getVersion } from '@/lib/prompts/registry';

const DAY_MS = 86_400_000;
const MODEL: ModelConfig = { provider: 'openai', model: 'gpt-4o-mini', temperature: 0 };
const EVALUATORS = [{ name: 'exact', type: 'exact', weight: 1, caseSensitive: false, trim: true }];

/**
 * The demo's labelled tickets and two finished runs of the classifier over them. There is no
 * model behind the demo, so the runs are written as a worker would have recorded them: each
 * item's answer is the expected queue with the version's accuracy (seeded), scored `exact`,
 * with an execution and its metric, so /evals and the comparison page have real numbers.
 */
export async function seedDemoEval(actor: Actor, demo: DemoEval, now: number) {
  const items = demo.dataset.tickets.map(([ticket, queue]) => ({ variables: { ticket, queues: demo.dataset.queues }, expected: queue }));
  const dataset = await createDataset(actor, { name: demo.dataset.name, description: demo.dataset.description, items, message: 'Labelled by the support team' });
  const datasetId = (await getDatasetByName(getDb(), dataset.name))!.id;
  const random = seededRandom(demo.seed);
  for (const [r, spec] of demo.runs.entries()) {
    const { prompt, row } = await getVersion(demo.prompt, { version: spec.version });
    const id = newId();
    const owner = `demo-seed-${id}`;
    await getDb().transaction(async (tx) => {
      await insertEvalRun(
        tx,
        {
          id,
          name: `v${spec.version} on ${demo.dataset.name}`,
          datasetId,
          datasetVersion: dataset.latestVersion,
          promptId: prompt.id,
          promptName: prompt.name,
          version: row.version,
          modelConfig: { ...row.modelConfig, ...MODEL },
          modelOverride: MODEL,
          evaluators: EVALUATORS,
          concurrency: 8,
          itemCount: items.length,
          createdBy: actor.name,
        },
        { owner, leaseMs: 60_000 },
      );
      await audit(tx, actor, 'eval_run.created', { type: 'eval_run', id }, null, { dataset: dataset.name, prompt: prompt.name, version: row.version, items: items.length });
    });
    const startedAt = now - (demo.daysAgo - r) * DAY_MS;
    for (const [i, item] of items.entries()) {
      const position = i + 1;
      const correct = random() < spec.accuracy;
      const output = correct ? item.expected : demo.dataset.queues.find((q) => q !== item.expected && random() < 0.5) ?? 'other';
      const latencyMs = Math.round(spec.meanLatencyMs * Math.exp(0.3 * (random() + random() + random() - 1.5)));
      const usage = { inputTokens: 60 + Math.round(item.variables.ticket.length / 4), outputTokens: 2 };
      const costUsd = await costAtCatalogPrice(MODEL.provider!, MODEL.model!, usage);
      const executionId = newId();
      const createdAt = new Date(startedAt + position * 1_500);
      const score = correct ? 1 : 0;
      await recordEvalItem(getDb(), {
        result: { runId: id, position, executionId, status: 'success', output, latencyMs, costUsd, scores: { exact: { score, pass: correct } }, composite: score },
        executions: [
          {
            id: executionId,
            promptId: prompt.id,
            promptName: prompt.name,
            version: row.version,
            sticky: false,
            source: 'eval',
            status: 'success',
            variables: item.variables,
            metadata: { evalRunId: id, position, dataset: dataset.name, datasetVersion: dataset.latestVersion },
            provider: MODEL.provider,
            model: MODEL.model,
            latencyMs,
            ...usage,
            costUsd,
            output,
            createdAt,
            completedAt: new Date(createdAt.getTime() + latencyMs),
          },
        ],
        metrics: [
          { executionId, name: 'exact', value: score, experimentId: null, variant: null, unitId: null },
          { executionId, name: 'composite', value: score, experimentId: null, variant: null, unitId: null },
        ],
      });
    }
    await finishEvalRun(getDb(), id, owner, { status: 'completed' });
    await updateEvalRunDates(getDb(), id, { createdAt: new Date(startedAt - 60_000), startedAt: new Date(startedAt), finishedAt: new Date(startedAt + items.length * 1_500) });
  }
}
