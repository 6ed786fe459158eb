import { eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Conn } from '../client';
import { loginAttempts } from '../schema';

export type LoginAttemptRow = typeof loginAttempts.$inferSelect;

// Times are the caller's clock (bound as parameters, not `now()`), so that tests can move it.
const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/**
 * Takes one attempt from a fixed window of `max` per key, in one statement: of N parallel
 * callers exactly the first `max` get a row back. A window older than `windowStart` starts over.
 * No row back: the window is used up.
 */
export async function reserveAttemptInWindow(conn: Conn, args: { key: string; now: Date; windowStart: Date; max: number }) {
  const t = loginAttempts;
  const expired = sql`${t.windowStartedAt} <= ${at(args.windowStart)}`;
  const [row] = await conn
    .insert(t)
    .values({ key: args.key, failures: 1, windowStartedAt: args.now, updatedAt: args.now })
    .onConflictDoUpdate({
      target: t.key,
      set: {
        failures: sql`case when ${expired} then 1 else ${t.failures} + 1 end`,
        windowStartedAt: sql`case when ${expired} then ${at(args.now)} else ${t.windowStartedAt} end`,
        updatedAt: args.now,
      },
      setWhere: sql`${expired} or ${t.failures} < ${args.max}`,
    })
    .returning();
  return row;
}

/**
 * Takes one attempt unless the key is locked, in one statement. From the `freeAttempts`-th
 * attempt on, each one locks the key for 2^(n - freeAttempts) seconds, at most `maxLockSeconds`.
 * The count starts over after a quiet `quietSince`. No row back: the key is locked.
 */
export async function reserveAttemptWithBackoff(
  conn: Conn,
  args: { key: string; now: Date; quietSince: Date; freeAttempts: number; maxLockSeconds: number },
) {
  const t = loginAttempts;
  const stale = sql`${t.updatedAt} <= ${at(args.quietSince)}`;
  const failures = sql`(case when ${stale} then 1 else ${t.failures} + 1 end)`;
  // The exponent is capped so that power() cannot overflow, however long the count grows.
  const lockFor = (n: SQL) =>
    sql`case when ${n} >= ${args.freeAttempts} then ${at(args.now)} + least(power(2, least(${n} - ${args.freeAttempts}, 30)), ${args.maxLockSeconds}) * interval '1 second' end`;
  const [row] = await conn
    .insert(t)
    .values({
      key: args.key,
      failures: 1,
      windowStartedAt: args.now,
      // 2^0 s: the first attempt already locks when there are no free ones.
      lockedUntil: args.freeAttempts <= 1 ? new Date(args.now.getTime() + 1000) : null,
      updatedAt: args.now,
    })
    .onConflictDoUpdate({
      target: t.key,
      set: {
        failures,
        windowStartedAt: sql`case when ${stale} then ${at(args.now)} else ${t.windowStartedAt} end`,
        lockedUntil: lockFor(failures),
        updatedAt: args.now,
      },
      setWhere: sql`${t.lockedUntil} is null or ${t.lockedUntil} <= ${at(args.now)}`,
    })
    .returning();
  return row;
}

export async function getLoginAttempt(conn: Conn, key: string) {
  const [row] = await conn.select().from(loginAttempts).where(eq(loginAttempts.key, key));
  return row;
}

export async function deleteLoginAttempts(conn: Conn, keys: string[]) {
  await conn.delete(loginAttempts).where(inArray(loginAttempts.key, keys));
}

/** Gives back one reserved attempt: a sign-in that succeeded is no failure. */
export async function releaseLoginAttempt(conn: Conn, key: string) {
  await conn
    .update(loginAttempts)
    .set({ failures: sql`greatest(${loginAttempts.failures} - 1, 0)` })
    .where(eq(loginAttempts.key, key));
}

/** Forgets keys nobody has tried for a while: a spray over many emails leaves a row per email. */
export async function deleteLoginAttemptsIdleSince(conn: Conn, before: Date) {
  await conn.delete(loginAttempts).where(lt(loginAttempts.updatedAt, before));
}
