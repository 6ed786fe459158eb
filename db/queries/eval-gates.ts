import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Conn } from '../client';
import { datasets, evalGates, evalRuns } from '../schema';

export type GateRow = typeof evalGates.$inferSelect & { datasetName: string };

export async function getGateByPromptId(conn: Conn, promptId: string): Promise<GateRow | undefined> {
  const [row] = await conn
    .select({ gate: evalGates, datasetName: datasets.name })
    .from(evalGates)
    .innerJoin(datasets, eq(datasets.id, evalGates.datasetId))
    .where(eq(evalGates.promptId, promptId));
  return row && { ...row.gate, datasetName: row.datasetName };
}

export async function upsertGate(conn: Conn, row: typeof evalGates.$inferInsert) {
  const { promptId: _, ...set } = row;
  await conn.insert(evalGates).values(row).onConflictDoUpdate({ target: evalGates.promptId, set });
}

/**
 * The run that speaks for a version at the gate: the newest completed one on exactly this dataset
 * version, with the version's own model (a run with another model says nothing about what
 * production would serve).
 */
export async function getLatestGateRun(conn: Conn, key: { promptId: string; version: number; datasetId: string; datasetVersion: number }) {
  const [row] = await conn
    .select()
    .from(evalRuns)
    .where(
      and(
        eq(evalRuns.promptId, key.promptId),
        eq(evalRuns.version, key.version),
        eq(evalRuns.datasetId, key.datasetId),
        eq(evalRuns.datasetVersion, key.datasetVersion),
        eq(evalRuns.status, 'completed'),
        isNull(evalRuns.modelOverride),
      ),
    )
    .orderBy(desc(evalRuns.finishedAt), desc(evalRuns.createdAt))
    .limit(1);
  return row;
}
