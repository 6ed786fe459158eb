import { and, asc, eq, sql } from 'drizzle-orm';
import type { Conn } from '../client';
import { humanScores } from '../schema';

export type HumanScoreRow = typeof humanScores.$inferSelect;
export type HumanScoreWrite = { executionId: string; name: 'thumbs' | 'rating'; value: number; comment: string; scoredBy: string };

export async function getHumanScore(conn: Conn, executionId: string, name: string): Promise<HumanScoreRow | undefined> {
  const [row] = await conn.select().from(humanScores).where(and(eq(humanScores.executionId, executionId), eq(humanScores.name, name as HumanScoreRow['name'])));
  return row;
}

/** One verdict per (execution, name): a second one replaces the first. */
export async function upsertHumanScore(conn: Conn, row: HumanScoreWrite): Promise<HumanScoreRow> {
  const [saved] = await conn
    .insert(humanScores)
    .values(row)
    .onConflictDoUpdate({
      target: [humanScores.executionId, humanScores.name],
      set: { value: row.value, comment: row.comment, scoredBy: row.scoredBy, updatedAt: sql`now()` },
    })
    .returning();
  return saved!;
}

export function listHumanScoresOfExecution(conn: Conn, executionId: string): Promise<HumanScoreRow[]> {
  return conn.select().from(humanScores).where(eq(humanScores.executionId, executionId)).orderBy(asc(humanScores.name));
}
