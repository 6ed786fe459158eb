import { getDb } from '@/db/client';
import * as q from '@/db/queries/execution-list';
import { listMetricsOfExecution } from '@/db/queries/executions';
import { VersoError } from '@/lib/api/errors';
import { assertRole, type Actor } from '@/lib/auth/roles';
import { renderPrompt } from '@/lib/prompts/rendering';
import type { Rendered } from '@/lib/prompts/templates';
import { executionBrowseQuery, timeRanges, type ExecutionBrowseQuery, type ExecutionSource, type ExecutionStatus } from './browse-schemas';
import { executionId } from './schemas';

export type ExecutionSummary = {
  id: string;
  createdAt: string;
  /** Null only for proxy calls through the gateway, which name a model and no prompt. */
  promptName: string | null;
  version: number | null;
  label: string | null;
  experimentKey: string | null;
  variant: string | null;
  source: ExecutionSource;
  status: ExecutionStatus;
  provider: string | null;
  model: string | null;
  latencyMs: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  /** Exact decimal USD, as stored; null when unknown (a resolve, or a model the catalog does not price). */
  costUsd: string | null;
  traceId: string | null;
};

export type ExecutionPage = { data: ExecutionSummary[]; nextCursor: string | null };

const summary = (r: q.ExecutionListRow): ExecutionSummary => ({
  id: r.id,
  createdAt: r.createdAt.toISOString(),
  promptName: r.promptName,
  version: r.version,
  label: r.label,
  experimentKey: r.experimentKey,
  variant: r.variant,
  source: r.source,
  status: r.status,
  provider: r.provider,
  model: r.model,
  latencyMs: r.latencyMs,
  inputTokens: r.inputTokens,
  outputTokens: r.outputTokens,
  costUsd: r.costUsd,
  traceId: r.traceId,
});

/**
 * Newest first, `limit` at a time; `nextCursor` is the `before` of the next (older) page, or
 * null at the end. A time range preset counts back from `now`; an explicit `from` wins over it.
 */
export async function listExecutions(actor: Actor, query: ExecutionBrowseQuery = {}, now = new Date()): Promise<ExecutionPage> {
  assertRole(actor, 'viewer', 'Reading executions');
  const f = executionBrowseQuery.parse(query);
  const span = timeRanges[f.range];
  const from = f.from ?? (span === null ? undefined : new Date(now.getTime() - span));
  // One extra row tells whether an older page exists without a count.
  const rows = await q.listExecutionPage(
    getDb(),
    {
      promptName: f.prompt,
      version: f.version,
      experimentKey: f.experiment,
      variant: f.variant,
      status: f.status,
      model: f.model,
      source: f.source,
      from,
      to: f.to,
      beforeId: f.before,
    },
    f.limit + 1,
  );
  const page = rows.slice(0, f.limit).map(summary);
  return { data: page, nextCursor: rows.length > f.limit ? page[page.length - 1]!.id : null };
}

export type ExecutionFilterChoices = { prompts: string[]; experiments: string[]; models: string[] };

/** Suggestions for the filter form: the registry's prompts and experiments and the catalog's models. */
export async function executionFilterChoices(actor: Actor): Promise<ExecutionFilterChoices> {
  assertRole(actor, 'viewer', 'Reading executions');
  const db = getDb();
  const [prompts, experiments, models] = await Promise.all([q.listPromptNames(db), q.listExperimentKeys(db), q.listCatalogModelIds(db)]);
  return { prompts, experiments, models };
}

/** What went to the model, or what the application got to send itself. */
export type SentPrompt =
  | { kind: 'messages'; messages: { role: string; content: string }[] }
  | { kind: 'rendered'; rendered: Rendered }
  | { kind: 'unavailable'; reason: string };

export type ExecutionMetricView = { name: string; value: number; updatedAt: string };

export type ExecutionDetail = ExecutionSummary & {
  experimentName: string | null;
  unitId: string | null;
  sticky: boolean;
  sessionId: string | null;
  variables: Record<string, unknown>;
  /** The unit's attributes as sent (targeting); null when none were. */
  attributes: Record<string, unknown> | null;
  metadata: Record<string, unknown> | null;
  sent: SentPrompt;
  output: string | null;
  error: string | null;
  completedAt: string | null;
  spanId: string | null;
  metrics: ExecutionMetricView[];
  /** The guardrail results recorded with the execution, when there are any. */
  guardrails: unknown;
};

/** One execution with its names, metrics and the prompt it sent; not_found when there is none. */
export async function getExecutionDetail(actor: Actor, id: string): Promise<ExecutionDetail> {
  assertRole(actor, 'viewer', 'Reading executions');
  const parsed = executionId.safeParse(id);
  if (!parsed.success) throw new VersoError('not_found', `Execution ${id} does not exist.`);
  const db = getDb();
  const [found, metrics] = await Promise.all([q.getExecutionWithExperiment(db, parsed.data), listMetricsOfExecution(db, parsed.data)]);
  if (!found) throw new VersoError('not_found', `Execution ${id} does not exist.`);
  const e = found.execution;
  return {
    ...summary({ ...e, experimentKey: found.experimentKey }),
    experimentName: found.experimentName,
    unitId: e.unitId,
    sticky: e.sticky,
    sessionId: e.sessionId,
    variables: e.variables,
    attributes: e.attributes ?? null,
    metadata: e.metadata,
    sent: await sentPrompt(e),
    output: e.output,
    error: e.error,
    completedAt: e.completedAt?.toISOString() ?? null,
    spanId: e.spanId,
    metrics: metrics
      .map((m) => ({ name: m.name, value: m.value, updatedAt: m.updatedAt.toISOString() }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    guardrails: e.metadata?.guardrails ?? null,
  };
}

type Sendable = { promptName: string | null; version: number | null; variables: Record<string, unknown>; messages: { role: string; content: string }[] | null };

/**
 * Calls Verso made store their messages. A resolve stores only the variables: versions are
 * immutable, so rendering the version again with them gives back what the application got.
 */
async function sentPrompt(e: Sendable): Promise<SentPrompt> {
  if (e.messages) return { kind: 'messages', messages: e.messages };
  if (e.promptName === null || e.version === null) return { kind: 'unavailable', reason: 'This call named no prompt and stored no messages.' };
  try {
    const { name: _name, version: _version, ...rendered } = await renderPrompt(e.promptName, { version: e.version }, e.variables);
    return { kind: 'rendered', rendered };
  } catch (error) {
    // A refusal (the version is gone, a variable no longer fits) is shown; anything else is a real failure.
    if (!(error instanceof VersoError)) throw error;
    return { kind: 'unavailable', reason: `Rendering version ${e.version} again failed: ${error.message}` };
  }
}
