import { describe, expect, it } from 'vitest';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { DatabaseNotReadyError } from '@/db/unavailable';
import { errorHeaders, toErrorBody } from '@/lib/api/errors';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('errors of a database that cannot be reached', () => {
  it.each([
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a connection closed under a query, wrapped by drizzle', new DrizzleQueryError('select 1', [], withCode('write CONNECTION_CLOSED', 'CONNECTION_CLOSED'))],
    ['a reset socket under a query, wrapped by drizzle', new DrizzleQueryError('select 1', [], withCode('read ECONNRESET', 'ECONNRESET'))],
    ['an administrator shutting Postgres down (57P01)', withCode('terminating connection due to administrator command', '57P01')],
    ['Postgres starting up (57P03)', withCode('the database system is starting up', '57P03')],
    ['a full connection table (53300)', withCode('sorry, too many clients already', '53300')],
    ['a connection exception (class 08)', withCode('connection failure', '08006')],
    ['a query before the start opened the database', new DatabaseNotReadyError()],
  ])('answers %s with 503 unavailable and Retry-After', (_, error) => {
    const { status, body } = toErrorBody(error);
    expect({ status, code: body.error.code }).toEqual({ status: 503, code: 'unavailable' });
    expect(body.error.message).not.toMatch(/select|127\.0\.0\.1/);
    expect(Number(errorHeaders(status)['retry-after'])).toBeGreaterThan(0);
  });

  it('leaves a model provider that cannot be reached alone: its fetch error is not the database', () => {
    const fetchFailed = new TypeError('fetch failed', { cause: withCode('connect ECONNREFUSED 127.0.0.1:9', 'ECONNREFUSED') });
    expect(toErrorBody(fetchFailed).status).toBe(500);
  });

  it('leaves a query that is wrong a 500 (a bug, not an outage)', () => {
    expect(toErrorBody(new DrizzleQueryError('select nope', [], withCode('column "nope" does not exist', '42703'))).status).toBe(500);
  });
});
