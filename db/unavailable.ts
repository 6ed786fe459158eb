// Errors that mean "the database cannot be reached right now" rather than "this query is wrong":
// a restart, a failover, a full connection table, or a server that has not finished starting.
// They are worth retrying (the start-up retries them; an API client is told 503 + Retry-After),
// and postgres-js reconnects by itself on the next query once the server is back.

/** Thrown when a query is asked for before the start has opened and migrated the database. */
export class DatabaseNotReadyError extends Error {
  constructor(message = 'The database is not open yet') {
    super(message);
    this.name = 'DatabaseNotReadyError';
  }
}

// postgres-js's own connection errors (Errors.connection).
const DRIVER_CODES = new Set(['CONNECTION_ENDED', 'CONNECTION_CLOSED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT']);

// Socket errors, which postgres-js passes on as they are. The same codes come from any other
// network call (a model provider's fetch puts them in its error's `cause`), so they count only
// thrown as they are, or as the cause of drizzle's query error: a provider that cannot be
// reached is the provider's failure, not the database's.
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

// SQLSTATEs: class 08 (connection exception), 57P01 admin_shutdown, 57P02 crash_shutdown,
// 57P03 cannot_connect_now (starting up or in recovery), 53300 too_many_connections.
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

// drizzle's DrizzleQueryError: the failed query's text and parameters, the driver's error as `cause`.
const isQueryError = (error: unknown) => error instanceof Error && 'query' in error && 'params' in error;

/** True when `error` (or what it wraps: drizzle puts the driver's error in `cause`) says the database is unreachable. */
export function isDatabaseUnavailable(error: unknown): boolean {
  let parent: unknown;
  for (let current = error, depth = 0; current && depth < 5; parent = current, current = (current as { cause?: unknown }).cause, depth++) {
    if (current instanceof DatabaseNotReadyError) return true;
    const code = codeOf(current);
    if (!code) continue;
    if (DRIVER_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
    if (SOCKET_CODES.has(code) && (depth === 0 || isQueryError(parent))) return true;
  }
  return false;
}

/** A short reason for a log line: the driver's code and message, without a query's text. */
export function unavailableReason(error: unknown): string {
  for (let current = error, depth = 0; current && depth < 5; current = (current as { cause?: unknown }).cause, depth++) {
    const code = codeOf(current);
    if (code) return `${code}: ${(current as Error).message}`;
  }
  return error instanceof Error ? error.message : String(error);
}
