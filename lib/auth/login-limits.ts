import type { Conn } from '@/db/client';
import * as q from '@/db/queries/login-attempts';
import { VersoError } from '@/lib/api/errors';
import { env } from '@/lib/env';
import { refusalText } from './refusal-text';

// Two limits, both taken atomically BEFORE a password is hashed (one upsert each, see
// db/queries/login-attempts.ts), so that N parallel guesses cannot all pass a check that
// reads a count and writes it later, and a refused guess costs no bcrypt:
//
// - per client address (`ip:<address>`): VERSO_LOGIN_MAX_FAILURES attempts per 15-minute
//   window. This is what stops spraying one password over many emails.
// - per account (`email:<address>`): VERSO_LOGIN_BACKOFF_AFTER attempts free, then each one
//   locks the account for 2^(n - AFTER) s, at most VERSO_LOGIN_BACKOFF_MAX_SECONDS.
//
// The trade-off: a lock-out per account stops guessing dead but hands anyone who knows an
// email the power to keep its owner out (the old 15-minute lock-out did, for the admin). A
// short, capped back-off lets an attacker slow an account down by at most a minute at a
// time, while guesses against it still crawl (at the cap, ~60 an hour, from every address
// together; each address itself is held to the per-address limit). An attacker with many
// addresses can keep an account behind the back-off, never out for longer than the cap.
//
// Attempts are counted when they start; a successful sign-in clears the account's counter and
// gives its own attempt back to the address, so the counts are failures in effect. The address
// keeps its earlier failures: otherwise one valid account would let a sprayer reset its count.

const WINDOW_MS = 15 * 60 * 1000;

export type LoginLimits = { maxPerAddress: number; windowMs: number; freeAttempts: number; maxLockSeconds: number };

export function loginLimits(): LoginLimits {
  const e = env();
  return {
    maxPerAddress: e.VERSO_LOGIN_MAX_FAILURES,
    windowMs: WINDOW_MS,
    freeAttempts: e.VERSO_LOGIN_BACKOFF_AFTER,
    maxLockSeconds: e.VERSO_LOGIN_BACKOFF_MAX_SECONDS,
  };
}

export type LoginRefusal = { limit: 'address' | 'account'; retryAt: Date };

const addressKey = (ip: string) => `ip:${ip}`;
const accountKey = (email: string) => `email:${email}`;

/**
 * Takes one attempt for the address, then for the account (none when the email is not even an
 * address). Returns why and until when it is refused, or null when the attempt may go ahead.
 */
export async function reserveLoginAttempt(
  conn: Conn,
  who: { ip: string; email?: string },
  now: Date,
  limits: LoginLimits = loginLimits(),
): Promise<LoginRefusal | null> {
  const windowStart = new Date(now.getTime() - limits.windowMs);
  const ipKey = addressKey(who.ip);
  if (!(await q.reserveAttemptInWindow(conn, { key: ipKey, now, windowStart, max: limits.maxPerAddress }))) {
    const row = await q.getLoginAttempt(conn, ipKey);
    return { limit: 'address', retryAt: new Date((row?.windowStartedAt.getTime() ?? now.getTime()) + limits.windowMs) };
  }
  if (who.email === undefined) return null;
  const key = accountKey(who.email);
  const reserved = await q.reserveAttemptWithBackoff(conn, {
    key,
    now,
    quietSince: windowStart,
    freeAttempts: limits.freeAttempts,
    maxLockSeconds: limits.maxLockSeconds,
  });
  if (reserved) return null;
  const row = await q.getLoginAttempt(conn, key);
  return { limit: 'account', retryAt: row?.lockedUntil ?? new Date(now.getTime() + 1000) };
}

/** After a successful sign-in: the account starts again from zero; the address only gets this attempt back. */
export async function clearLoginAttempts(conn: Conn, who: { ip: string; email: string }, now: Date, limits: LoginLimits = loginLimits()) {
  await q.deleteLoginAttempts(conn, [accountKey(who.email)]);
  await q.releaseLoginAttempt(conn, addressKey(who.ip));
  // Past both the window and the longest lock, a row says nothing any more.
  await q.deleteLoginAttemptsIdleSince(conn, new Date(now.getTime() - Math.max(limits.windowMs, limits.maxLockSeconds * 1000)));
}

const secondsToRetry = (refusal: LoginRefusal, now: Date) => Math.max(1, Math.ceil((refusal.retryAt.getTime() - now.getTime()) / 1000));

/** The 429 for a refused attempt: the message says when to retry, the details say it to code. */
export function refusedLogin(refusal: LoginRefusal, now: Date): VersoError {
  const retryAfterSeconds = secondsToRetry(refusal, now);
  return new VersoError('rate_limited', refusalText(refusal.limit, retryAfterSeconds), { limit: refusal.limit, retryAfterSeconds });
}
