import { describe, expect, it } from 'vitest';
import { malformedApiPath } from '@/lib/api/malformed-path';

describe('an /api path that does not decode', () => {
  it.each(['/api/v1/prompts/%E0%A4%A/resolve', '/api/v1/executions/%zz', '/api/v1/prompts/100%'])('%s: 400 in the envelope', async (path) => {
    const res = malformedApiPath(path)!;
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('invalid');
  });

  it.each(['/api/v1/prompts/support%2Freply', '/api/v1/prompts/%E0%A4%A4', '/prompts/%zz'])('%s: left to the routes', (path) => {
    expect(malformedApiPath(path)).toBeNull();
  });
});
