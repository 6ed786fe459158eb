import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HTTP_METHODS } from '@/lib/api/methods';
import { discoverRoutes } from '../support/routes';

// A method a route does not take answers 405 in the error envelope with `Allow`, like every
// other error, instead of Next.js's bare 405; OPTIONS answers 204 with the same `Allow`.

// A catch-all such as app/api/[...unknown] answers every method itself (404): nothing to refuse.
const answersEverything = (r: { methods: string[] }) => ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].every((m) => r.methods.includes(m));
const routes = (await discoverRoutes(path.resolve('app/api'))).filter((r) => !answersEverything(r));
type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Response | Promise<Response>;

describe('methods a route does not take', () => {
  it('covers every route file under app/api', () => {
    expect(routes.map((r) => r.file)).toEqual(expect.arrayContaining(['app/api/v1/prompts/route.ts', 'app/api/auth/[...nextauth]/route.ts']));
  });

  describe.each(routes.map((r) => [r.file, r] as const))('%s', (file, route) => {
    const allow = HTTP_METHODS.filter((m) => route.methods.includes(m) || (m === 'HEAD' && route.methods.includes('GET')) || m === 'OPTIONS').join(', ');

    it('exports every method: what it serves, and an answer for the rest (HEAD comes from GET)', () => {
      const expected = HTTP_METHODS.filter((m) => !(m === 'HEAD' && route.methods.includes('GET')));
      expect([...route.exported].sort()).toEqual([...expected].sort());
    });

    it.each(HTTP_METHODS.filter((m) => !route.methods.includes(m) && m !== 'OPTIONS' && !(m === 'HEAD' && route.methods.includes('GET'))))(
      '%s: 405 in the envelope with Allow',
      async (method) => {
        const module = (await import(path.resolve(file))) as Record<string, Handler>;
        const res = await module[method]!(new Request(`http://test${route.openApiPath}`, { method }), { params: Promise.resolve({}) });
        expect(res.status).toBe(405);
        expect(res.headers.get('allow')).toBe(allow);
        if (method !== 'HEAD') expect(await res.json()).toMatchObject({ error: { code: 'method_not_allowed', message: expect.stringContaining(method) } });
      },
    );

    it('OPTIONS: 204 with Allow', async () => {
      const module = (await import(path.resolve(file))) as Record<string, Handler>;
      const res = await module.OPTIONS!(new Request(`http://test${route.openApiPath}`, { method: 'OPTIONS' }), { params: Promise.resolve({}) });
      expect({ status: res.status, allow: res.headers.get('allow') }).toEqual({ status: 204, allow });
    });
  });
});
