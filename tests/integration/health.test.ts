import { describe, expect, it } from 'vitest';
import * as health from '@/app/api/health/route';
import { openPglite, useDatabase } from '@/db/client';
import { withTestDatabase } from '../support/db';

const db = withTestDatabase();

async function healthCheck() {
  const response = await health.GET();
  return { status: response.status, body: await response.json(), retryAfter: response.headers.get('retry-after') };
}

describe('GET /api/health', () => {
  it('answers 200 when the database answers and every migration is applied', async () => {
    expect(await healthCheck()).toEqual({ status: 200, body: { status: 'ok', database: 'reachable', migrations: 'applied' }, retryAfter: null });
  });

  it('answers 503 with Retry-After, naming the migrations, on a database that is not migrated', async () => {
    const bare = await openPglite();
    useDatabase(bare);
    try {
      const answer = await healthCheck();
      expect(answer.status).toBe(503);
      expect(answer.retryAfter).not.toBeNull();
      expect(answer.body.error).toMatchObject({ code: 'unavailable', details: { database: 'reachable', migrations: 'pending' } });
    } finally {
      useDatabase(db.handle);
      await bare.close();
    }
  });

  it('answers 503 naming the database while the start has not opened it yet', async () => {
    useDatabase(undefined);
    try {
      const answer = await healthCheck();
      expect(answer.status).toBe(503);
      expect(answer.body.error).toMatchObject({ code: 'unavailable', details: { database: 'unreachable' } });
    } finally {
      useDatabase(db.handle);
    }
  });
});
