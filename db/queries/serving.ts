import { and, asc, eq, inArray, max, sql } from 'drizzle-orm';
import type { Conn } from '../client';
import { experiments, experimentVariants, labels, prompts, promptVersions } from '../schema';
import { insertExecutionsSql, type NewExecution } from './executions';
import { rowsOf } from './prompts';

// The serving snapshot reads the whole registry's serving state in a handful of statements, not
// one per prompt; the events endpoint checks a batch against the registry the same way.

export function listPromptNames(conn: Conn) {
  return conn.select({ id: prompts.id, name: prompts.name }).from(prompts).orderBy(asc(prompts.name));
}

export function listAllLabels(conn: Conn) {
  return conn.select({ promptId: labels.promptId, name: labels.name, version: labels.version }).from(labels).orderBy(asc(labels.name));
}

export function latestVersionOfEveryPrompt(conn: Conn) {
  return conn.select({ promptId: promptVersions.promptId, latest: max(promptVersions.version) }).from(promptVersions).groupBy(promptVersions.promptId);
}

/** Every experiment in `statuses` with its variants in order, one row per variant. */
export function listExperimentVariants(conn: Conn, filter: { statuses: (typeof experiments.$inferSelect)['status'][]; keys?: string[]; promptId?: string }) {
  return conn
    .select({
      id: experiments.id,
      key: experiments.key,
      promptId: experiments.promptId,
      status: experiments.status,
      salt: experiments.salt,
      coverage: experiments.coverage,
      targeting: experiments.targeting,
      variant: experimentVariants.key,
      version: experimentVariants.version,
      weight: experimentVariants.weight,
      isControl: experimentVariants.isControl,
      modelConfig: experimentVariants.modelConfig,
    })
    .from(experiments)
    .innerJoin(experimentVariants, eq(experimentVariants.experimentId, experiments.id))
    .where(
      and(
        inArray(experiments.status, filter.statuses),
        filter.keys ? inArray(experiments.key, filter.keys) : undefined,
        filter.promptId ? eq(experiments.promptId, filter.promptId) : undefined,
      ),
    )
    .orderBy(asc(experiments.key), asc(experimentVariants.position));
}

/**
 * The versions serving can reach: those a label points at, each prompt's latest (the `latest`
 * label), and those a running experiment's variants point at. Nobody can be served any other.
 */
export function listServableVersions(conn: Conn) {
  return conn
    .select()
    .from(promptVersions)
    .where(
      sql`exists (select 1 from ${labels} l where l.prompt_id = ${promptVersions.promptId} and l.version = ${promptVersions.version})
        or ${promptVersions.version} = (select max(v.version) from ${promptVersions} v where v.prompt_id = ${promptVersions.promptId})
        or exists (select 1 from ${experiments} e join ${experimentVariants} ev on ev.experiment_id = e.id
                   where e.status = 'running' and e.prompt_id = ${promptVersions.promptId} and ev.version = ${promptVersions.version})`,
    )
    .orderBy(asc(promptVersions.promptId), asc(promptVersions.version));
}

/** The prompts of these names with their versions' numbers and model configs (checked per event). */
export async function listPromptVersionNumbers(conn: Conn, names: string[]) {
  if (names.length === 0) return [];
  return conn
    .select({ id: prompts.id, name: prompts.name, version: promptVersions.version, modelConfig: promptVersions.modelConfig })
    .from(prompts)
    .innerJoin(promptVersions, eq(promptVersions.promptId, prompts.id))
    .where(inArray(prompts.name, names));
}

/**
 * Inserts executions whose id is new and skips the others (never overwrites): a retried batch
 * counts once. Answers the ids actually inserted.
 */
export async function insertNewExecutions(conn: Conn, rows: NewExecution[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const result = await conn.execute(sql`${insertExecutionsSql(rows)} on conflict (id) do nothing returning id`);
  return new Set(rowsOf<{ id: string }>(result).map((r) => r.id));
}
