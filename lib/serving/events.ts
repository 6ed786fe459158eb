import { getDb, type Conn } from '@/db/client';
import type { NewExecution } from '@/db/queries/executions';
import * as q from '@/db/queries/serving';
import type { ModelConfig } from '@/db/schema';
import { assertRole, type Actor } from '@/lib/auth/roles';
import { apiKeyIdOf } from '@/lib/executions/ownership';
import { recordMetricRequest, recordNewExecutions } from '@/lib/executions/recorder';
import { priceOf } from '@/lib/models/catalog';
import { costOf, type Price } from '@/lib/models/money';
import { cachedServing } from '@/lib/prompts/serving';
import { eventExperiment, type EventExperiment } from './event-experiment';
import type { EventBatch, EventBatchResult, ExecutionEvent } from './schemas';

// What an SDK served itself comes back here in batches. Each execution is checked against the
// registry and, for a variant, against the server's own assignment, so results stay exact; an
// id seen before is skipped, never overwritten, so a retried batch counts once. One refused
// event does not refuse its batch: it comes back with its reason. Batches that arrive together
// share one insert of their executions, then one upsert of their metrics (group commit): a batch
// whose answer is lost, even halfway through, is sent again and counts once.

/** A client's clock may run a little ahead of ours. */
const MAX_CLOCK_SKEW_MS = 60_000;
/** Older events are refused: results and the timeline would change under the people reading them. */
export const MAX_EVENT_AGE_MS = 7 * 24 * 3600_000;

type PromptEntry = { id: string; versions: Map<number, ModelConfig> };
type Registry = { prompts: Map<string, PromptEntry>; experiments: Map<string, EventExperiment>; prices: Map<string, Price | null> };
type Checked = { row: NewExecution } | { reason: string };

export async function recordEvents(actor: Actor, batch: EventBatch): Promise<EventBatchResult> {
  assertRole(actor, 'service', 'Recording events');
  const now = Date.now();
  const prices = await pricesOf(batch.executions);
  let checked = checkBatch(batch.executions, { ...(await cachedRegistry(batch.executions)), prices }, actor, now);
  // The cache may lag a change made on another instance by up to its lifetime: an event it
  // refuses is checked again against the database before it is refused.
  if (checked.rejected.length > 0) checked = checkBatch(batch.executions, { ...(await loadRegistry(getDb(), batch.executions)), prices }, actor, now);
  const { rows, rejected } = checked;
  const inserted = await recordNewExecutions([...rows.values()]);
  const duplicates = checked.duplicates + rows.size - inserted.size;
  const metrics = await recordEventMetrics(batch.metrics, new Set(rejected.map((r) => r.id)));
  return { executions: { recorded: inserted.size, duplicates, rejected }, metrics };
}

function checkBatch(events: ExecutionEvent[], registry: Registry, actor: Actor, now: number) {
  const rejected: EventBatchResult['executions']['rejected'] = [];
  const rows = new Map<string, NewExecution>();
  let duplicates = 0;
  for (const event of events) {
    if (rows.has(event.id)) {
      duplicates++;
      continue;
    }
    const checked = checkEvent(event, registry, actor, now);
    if ('reason' in checked) rejected.push({ id: event.id, reason: checked.reason });
    else rows.set(event.id, checked.row);
  }
  return { rows, rejected, duplicates };
}

const priceKey = (provider: string, model: string) => `${provider}\u0000${model}`;

/** Catalog prices of the models events name with token counts, for their cost as run records it. */
async function pricesOf(events: ExecutionEvent[]): Promise<Map<string, Price | null>> {
  const prices = new Map<string, Price | null>();
  for (const e of events) {
    if (!e.provider || !e.model || (e.inputTokens === undefined && e.outputTokens === undefined)) continue;
    const key = priceKey(e.provider, e.model);
    if (!prices.has(key)) prices.set(key, await priceOf(e.provider, e.model));
  }
  return prices;
}

type PromptRegistry = { prompt: PromptEntry; experiments: EventExperiment[] } | null;

/**
 * The batch's prompts from the serving cache, each with its versions and experiments: versions
 * are immutable and every change to a prompt's labels, versions or experiments drops its entry.
 */
async function cachedRegistry(events: ExecutionEvent[]): Promise<Omit<Registry, 'prices'>> {
  const names = [...new Set(events.map((e) => e.prompt))];
  const entries = await Promise.all(names.map((name) => cachedServing(name, 'events', () => loadPromptRegistry(name))));
  const prompts = new Map<string, PromptEntry>();
  const experiments = new Map<string, EventExperiment>();
  names.forEach((name, i) => {
    const entry = entries[i];
    if (!entry) return;
    prompts.set(name, entry.prompt);
    for (const experiment of entry.experiments) experiments.set(experiment.key, experiment);
  });
  return { prompts, experiments };
}

async function loadPromptRegistry(name: string): Promise<PromptRegistry> {
  const conn = getDb();
  const rows = await q.listPromptVersionNumbers(conn, [name]);
  if (rows.length === 0) return null;
  const prompt: PromptEntry = { id: rows[0]!.id, versions: new Map(rows.map((r) => [r.version, r.modelConfig])) };
  const variants = await q.listExperimentVariants(conn, { statuses: ['draft', 'running', 'paused', 'completed'], promptId: prompt.id });
  return { prompt, experiments: experimentsOf(variants) };
}

function experimentsOf(variants: Awaited<ReturnType<typeof q.listExperimentVariants>>): EventExperiment[] {
  const byKey = new Map<string, typeof variants>();
  for (const row of variants) {
    const rows = byKey.get(row.key);
    if (rows) rows.push(row);
    else byKey.set(row.key, [row]);
  }
  return [...byKey.values()].map((rows) => eventExperiment(rows));
}

async function loadRegistry(conn: Conn, events: ExecutionEvent[]): Promise<Omit<Registry, 'prices'>> {
  const names = [...new Set(events.map((e) => e.prompt))];
  const keys = [...new Set(events.flatMap((e) => (e.experiment ? [e.experiment.key] : [])))];
  const prompts = new Map<string, PromptEntry>();
  for (const row of await q.listPromptVersionNumbers(conn, names)) {
    let entry = prompts.get(row.name);
    if (!entry) prompts.set(row.name, (entry = { id: row.id, versions: new Map() }));
    entry.versions.set(row.version, row.modelConfig);
  }
  const variants = keys.length === 0 ? [] : await q.listExperimentVariants(conn, { statuses: ['draft', 'running', 'paused', 'completed'], keys });
  return { prompts, experiments: new Map(experimentsOf(variants).map((e) => [e.key, e])) };
}

function checkEvent(event: ExecutionEvent, registry: Registry, actor: Actor, now: number): Checked {
  const prompt = registry.prompts.get(event.prompt);
  if (!prompt) return { reason: `Prompt "${event.prompt}" does not exist.` };
  const versionConfig = prompt.versions.get(event.version);
  if (!versionConfig) return { reason: `Prompt "${event.prompt}" has no version ${event.version}.` };
  const createdAt = event.createdAt === undefined ? new Date(now) : new Date(event.createdAt);
  if (createdAt.getTime() > now + MAX_CLOCK_SKEW_MS) return { reason: `createdAt ${event.createdAt} is in the future (more than a minute ahead of the server's clock).` };
  if (createdAt.getTime() < now - MAX_EVENT_AGE_MS) return { reason: `createdAt ${event.createdAt} is more than 7 days old.` };

  let served: { experimentId: string; variant: string; modelConfig: ModelConfig } | null = null;
  if (event.experiment) {
    const experiment = registry.experiments.get(event.experiment.key);
    if (!experiment) return { reason: `Experiment "${event.experiment.key}" does not exist.` };
    const verdict = experiment.check(prompt.id, event);
    if ('reason' in verdict) return verdict;
    served = { experimentId: experiment.id, variant: verdict.variant.key, modelConfig: verdict.variant.modelConfig ?? {} };
  }
  const modelConfig = { ...versionConfig, ...(served?.modelConfig ?? {}) };
  const completed = event.status === 'resolved' ? null : new Date(createdAt.getTime() + (event.latencyMs ?? 0));
  const price = event.provider && event.model ? registry.prices.get(priceKey(event.provider, event.model)) : undefined;
  const costUsd = price ? costOf({ inputTokens: event.inputTokens ?? 0, outputTokens: event.outputTokens ?? 0 }, price) : null;
  return {
    row: {
      id: event.id,
      promptId: prompt.id,
      promptName: event.prompt,
      version: event.version,
      // As resolve records it: a variant was served, not a label.
      label: served ? null : event.label,
      experimentId: served?.experimentId ?? null,
      variant: served?.variant ?? null,
      unitId: event.unitId ?? null,
      sticky: event.unitId !== undefined,
      status: event.status,
      source: 'sdk',
      variables: event.variables,
      metadata: event.metadata ?? null,
      attributes: event.attributes ?? null,
      sessionId: event.sessionId ?? null,
      messages: null,
      provider: event.provider ?? modelConfig.provider ?? null,
      model: event.model ?? modelConfig.model ?? null,
      latencyMs: event.latencyMs ?? null,
      inputTokens: event.inputTokens ?? null,
      outputTokens: event.outputTokens ?? null,
      costUsd,
      output: event.output ?? null,
      error: event.error ?? null,
      apiKeyId: apiKeyIdOf(actor),
      traceId: null,
      spanId: null,
      createdAt,
      completedAt: completed,
    },
  };
}

/**
 * As recordMetrics, item by item: an unknown execution refuses its item only. Executions of this
 * batch are already written, so their metrics find them; the stored row's experiment, variant
 * and unit are copied (for a duplicate id, those of the row first recorded).
 */
async function recordEventMetrics(items: EventBatch['metrics'], refused: Set<string>): Promise<EventBatchResult['metrics']> {
  if (items.length === 0) return { recorded: 0, rejected: [] };
  const latest = new Map<string, EventBatch['metrics'][number]>();
  for (const item of items) latest.set(`${item.executionId}\u0000${item.name}`, item);
  const missing = new Set(await recordMetricRequest({ items: [...latest.values()], atomic: false }));
  const rejected: EventBatchResult['metrics']['rejected'] = [];
  for (const item of latest.values()) {
    if (!missing.has(item.executionId)) continue;
    const reason = refused.has(item.executionId) ? 'Its execution was rejected in this batch.' : `Execution ${item.executionId} does not exist.`;
    rejected.push({ executionId: item.executionId, name: item.name, reason });
  }
  return { recorded: latest.size - rejected.length, rejected };
}
