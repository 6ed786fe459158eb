import { getDb } from '@/db/client';
import { getExperimentByKey, updateExperiment } from '@/db/queries/experiments';
import { countPrompts } from '@/db/queries/prompts';
import type { VariableSpec } from '@/db/schema';
import { demoEval, demoExperiments, demoPrompts, type DemoExperiment } from '@/db/seed';
import type { Actor } from '@/lib/auth/roles';
import { recordMetrics } from '@/lib/executions/outcomes';
import { resolvePrompt } from '@/lib/executions/resolve';
import { resolveInput } from '@/lib/executions/schemas';
import { createExperiment, declareWinner, transitionExperiment } from '@/lib/experiments/experiments';
import { newExperimentInput } from '@/lib/experiments/schemas';
import { planVisits, plausibleVariables, seededRandom, unionOfVariables } from '@/lib/experiments/simulation';
import { runTraffic } from '@/lib/experiments/traffic';
import { simulateModelCall } from './demo-calls';
import { seedDemoEval } from './demo-evals';
import { moveLabel } from '@/lib/prompts/labels';
import { createPrompt, createVersion, getVersion } from '@/lib/prompts/registry';
import { newPromptInput, newVersionInput } from '@/lib/prompts/schemas';

const demoActor: Actor = { type: 'system', id: null, name: 'demo-seed', role: 'admin' };
const DAY_MS = 86_400_000;
// Requests in flight at once: enough for the recorder to batch inserts (group commit).
const CONCURRENCY = 256;

/** Fills an empty registry with the demo prompts, experiments and offline runs; does nothing once any prompt exists. */
export async function seedDemoIfEmpty(): Promise<boolean> {
  if ((await countPrompts(getDb())).prompts > 0) return false;
  for (const demo of demoPrompts) {
    const [first, ...rest] = demo.versions;
    await createPrompt(
      demoActor,
      newPromptInput.parse({ name: demo.name, description: demo.description, category: demo.category, tags: demo.tags, ...first }),
    );
    for (const v of rest) await createVersion(demoActor, demo.name, newVersionInput.parse({ ...v, labels: [] }));
    // Labels are moved after all versions exist, so the history shows deploys, not creations.
    for (const [i, v] of demo.versions.entries()) {
      for (const label of v.labels ?? []) await moveLabel(demoActor, demo.name, label, i + 1);
    }
  }
  const now = Date.now();
  for (const demo of demoExperiments) await seedExperiment(demo, now);
  await seedDemoEval(demoActor, demoEval, now);
  return true;
}

/**
 * Runs the experiment as it would have run: started, simulated users resolved and their
 * outcomes recorded through the same services as the API, a winner declared if it has one;
 * then its dates and its executions' are moved into the past so the charts have a history.
 */
async function seedExperiment({ traffic, winner, ...fields }: DemoExperiment, now: number) {
  await createExperiment(demoActor, newExperimentInput.parse(fields));
  await transitionExperiment(demoActor, fields.key, 'start');
  const [from, to] = [now - traffic.daysAgo[0] * DAY_MS, now - traffic.daysAgo[1] * DAY_MS];
  const variables = await variablesOf(fields.prompt, fields.variants);
  const random = seededRandom(traffic.seed + 1);
  const visits = planVisits({ units: traffic.units, seed: traffic.seed, unitPrefix: `${fields.key}-user-` });
  const report = await runTraffic(
    {
      resolve: async (visit) => {
        const input = resolveInput.parse({ unitId: visit.unitId, variables: plausibleVariables(variables, random) });
        const createdAt = new Date(from + ((to - from) * (visit.index + 0.5)) / visits.length);
        const resolved = await resolvePrompt(fields.prompt, input, { createdAt });
        const variant = resolved.experiment?.variant ?? '';
        await simulateModelCall(resolved, traffic.continuous?.means[variant] ?? 600, random);
        return { executionId: resolved.executionId, variant: resolved.experiment?.variant ?? null };
      },
      recordMetrics: async (items) => {
        await recordMetrics(items);
      },
    },
    { visits, model: { binary: { metric: fields.primaryMetric.name, rates: traffic.rates }, continuous: traffic.continuous }, concurrency: CONCURRENCY },
  );
  if (report.errors > 0 || report.violations.length > 0) {
    throw new Error(`Demo experiment ${fields.key} failed: ${report.firstErrors[0] ?? `${report.violations.length} stickiness violations`}`);
  }
  if (winner) await declareWinner(demoActor, fields.key, winner);
  const row = (await getExperimentByKey(getDb(), fields.key))!;
  await updateExperiment(getDb(), row.id, { createdAt: new Date(from - DAY_MS / 4), startedAt: new Date(from), stoppedAt: winner ? new Date(to) : null });
}

async function variablesOf(prompt: string, variants: { version: number }[]): Promise<VariableSpec[]> {
  return unionOfVariables(await Promise.all(variants.map(async (v) => (await getVersion(prompt, { version: v.version })).view.variables)));
}
