import crypto from 'node:crypto';
import { getDb } from '@/db/client';
import type { VersionRow } from '@/db/queries/prompts';
import * as q from '@/db/queries/serving';
import { canonicalJson } from '@/lib/canonical-json';
import { getBucketRanges, normaliseWeights } from '@/lib/experiments/assignment';
import { onServingInvalidated, SERVING_TTL_MS } from '@/lib/prompts/serving';
import { LATEST } from '@/lib/prompts/schemas';
import type { ServingSnapshot } from './schemas';

// What an SDK serves from: every prompt's labels, the versions they and the running experiments
// point at, and each running experiment as a GrowthBook SDK would take it. Built from a few
// statements over the whole registry, kept in memory like the serving cache and dropped with it
// (a mutation here drops it at once; other instances see it within the TTL).

type Snapshot = ServingSnapshot;
type Entry = { value: Promise<Snapshot>; expires: number };
// On globalThis, as the serving cache: route handlers and server actions are bundled apart.
const g = globalThis as unknown as { __versoServingSnapshot?: { entry?: Entry } };
const cache = (g.__versoServingSnapshot ??= {});
onServingInvalidated('snapshot', () => {
  cache.entry = undefined;
});

export function servingSnapshot(): Promise<Snapshot> {
  const now = Date.now();
  if (cache.entry && cache.entry.expires > now) return cache.entry.value;
  const value = buildSnapshot();
  const entry = { value, expires: now + SERVING_TTL_MS };
  cache.entry = entry;
  value.catch(() => {
    if (cache.entry === entry) cache.entry = undefined;
  });
  return value;
}

/** The snapshot's content hash: equal snapshots have equal revisions, on every instance. */
export function revisionOf(prompts: Snapshot['prompts']): string {
  return crypto.createHash('sha256').update(canonicalJson(prompts)).digest('base64url');
}

async function buildSnapshot(): Promise<Snapshot> {
  // One read-only transaction: a label moved between two statements cannot point at a version
  // the snapshot lacks.
  const { prompts, labels, latest, variants, versions } = await getDb().transaction(
    async (tx) => ({
      prompts: await q.listPromptNames(tx),
      labels: await q.listAllLabels(tx),
      latest: await q.latestVersionOfEveryPrompt(tx),
      variants: await q.listExperimentVariants(tx, { statuses: ['running'] }),
      versions: await q.listServableVersions(tx),
    }),
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
  const labelsOf = groupBy(labels, (l) => l.promptId);
  const latestOf = new Map(latest.map((l) => [l.promptId, l.latest]));
  const variantsOf = groupBy(variants, (v) => v.promptId);
  const versionsOf = groupBy(versions, (v) => v.promptId);
  const content = prompts.map((p) => {
    const pointers: Record<string, number> = {};
    for (const l of labelsOf.get(p.id) ?? []) pointers[l.name] = l.version;
    const newest = latestOf.get(p.id);
    if (newest != null) pointers[LATEST] = newest;
    return {
      name: p.name,
      labels: pointers,
      versions: (versionsOf.get(p.id) ?? []).map(snapshotVersion),
      experiment: snapshotExperiment(variantsOf.get(p.id)),
    };
  });
  return { revision: revisionOf(content), generatedAt: new Date().toISOString(), prompts: content };
}

function snapshotVersion(v: VersionRow): Snapshot['prompts'][number]['versions'][number] {
  const body = v.type === 'chat' ? { messages: v.messages ?? [] } : { template: v.template ?? '' };
  return { version: v.version, type: v.type, ...body, variables: v.variables, modelConfig: v.modelConfig };
}

type VariantRow = Awaited<ReturnType<typeof q.listExperimentVariants>>[number];

function snapshotExperiment(rows: VariantRow[] | undefined): Snapshot['prompts'][number]['experiment'] {
  if (!rows || rows.length === 0) return null;
  const first = rows[0]!;
  const weights = normaliseWeights(rows.map((r) => r.weight));
  return {
    key: first.key,
    seed: first.salt,
    hashVersion: 2,
    coverage: first.coverage,
    weights,
    // The same ranges runningExperiment() assigns with, so SDK and server agree unit by unit.
    ranges: getBucketRanges(rows.length, first.coverage, weights),
    targeting: first.targeting ?? null,
    variants: rows.map((r) => ({ key: r.variant, version: r.version, control: r.isControl, modelConfig: r.modelConfig ?? {} })),
  };
}

function groupBy<T>(rows: T[], keyOf: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}
