// The simulator as a user runs it: the CLI in a child process, talking HTTP to the app's route
// handlers (served in this process, on this file's database). The child gets a database URL
// that cannot be reached, so it would fail if it opened the database instead of using the API.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { rowsOf } from '@/db/queries/prompts';
import { createApiKey } from '@/lib/auth/api-keys';
import { systemActor } from '@/lib/auth/roles';
import { experimentResults } from '@/lib/experiments/results';
import { createVersion } from '@/lib/prompts/registry';
import { newVersionInput } from '@/lib/prompts/schemas';
import { editor } from '../support/actors';
import { startAppServer, type AppServer } from '../support/app-server';
import { withTestDatabase } from '../support/db';
import { givenExperiment } from '../support/experiments';
import { givenPrompt } from '../support/prompts';

const root = path.resolve(import.meta.dirname, '..', '..');
const CLI_TIMEOUT = 120_000;

type Run = { code: number | null; stdout: string; stderr: string };

function simulate(args: string[]): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'lib/cli/main.ts', 'simulate', ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/unreachable', VERSO_API_KEY: '' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

withTestDatabase();
let server: AppServer;
let key: string;

beforeAll(async () => {
  server = await startAppServer();
  key = (await createApiKey(systemActor, { name: 'simulator', role: 'service' })).key;
  await givenPrompt('pitch', {
    template: 'Hello {{ name }}, have a look at {{ product }}.',
    variables: [
      { name: 'name', required: true, type: 'string' },
      { name: 'product', required: true, type: 'string' },
    ],
  });
  await givenPrompt('idle');
  await createVersion(editor, 'pitch', newVersionInput.parse({ template: 'Hi {{ name }}! {{ product }} is made for you; {{ discount }} off today.' }));
  await givenExperiment(
    'pitch-test',
    'pitch',
    {
      guardrailMetrics: [{ name: 'latency_ms', type: 'continuous', direction: 'decrease', tolerance: 0.1 }],
      // In units: 1,000 users split about 500 a variant (their 1,250 executions do not count).
      minSampleSize: 400,
    },
    { start: true },
  );
  await givenExperiment('idle-test', 'idle', { variants: [{ key: 'control', version: 1 }, { key: 'b', version: 1 }] });
});

afterAll(async () => {
  await server?.close();
});

describe('the traffic simulator', () => {
  it('sends every user through the API, keeps returning users on their variant, and the results show the effect', { timeout: CLI_TIMEOUT }, async () => {
    const run = await simulate([
      ...['--experiment', 'pitch-test', '--units', '1000', '--rates', 'control=0.10,b=0.20'],
      ...['--continuous', 'latency_ms=800,b=700', '--concurrency', '8', '--seed', '3', '--url', server.url, '--key', key],
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1,250 resolves and 3 metrics calls (2,500 values), 0 errors');
    expect(run.stdout).toContain('Stickiness: 250 returning requests, each got the user');
    expect(run.stdout).toMatch(/100%\s+1,250\/1,250 resolves/);

    const results = await experimentResults('pitch-test');
    expect(results.variants.reduce((s, v) => s + v.executions, 0)).toBe(1_250);
    // 1,000 users: the 250 returning requests add executions, not units.
    expect(results.analysis.population).toBe('units');
    expect(results.variants.reduce((s, v) => s + v.units, 0)).toBe(1_000);
    const [conversion, latency] = results.metrics;
    // Per user, counted here from the rows: a user converted if any of their visits did. With
    // k visits at rate r, a user converts with chance 1 − (1 − r)^k, above r for returning users.
    const perUser = rowsOf<{ variant: string; unit_id: string; visits: number; converted: boolean }>(
      await getDb().execute(sql`select e.variant, e.unit_id, count(*)::int as visits, coalesce(bool_or(m.value > 0), false) as converted
        from executions e left join execution_metrics m on m.execution_id = e.id and m.name = 'conversion'
       where e.experiment_id is not null group by e.variant, e.unit_id`),
    );
    const rates: Record<string, number> = { control: 0.1, b: 0.2 };
    for (const variant of ['control', 'b']) {
      const users = perUser.filter((u) => u.variant === variant);
      const converted = users.filter((u) => u.converted).length;
      expect(conversion!.summaries[variant]).toEqual({ type: 'binary', n: users.length, conversions: converted, rate: converted / users.length });
      expect(results.variants.find((v) => v.key === variant)!.units).toBe(users.length);
      const expected = users.reduce((s, u) => s + 1 - (1 - rates[variant]!) ** Number(u.visits), 0) / users.length;
      expect(expected).toBeGreaterThan(rates[variant]!);
      expect(Math.abs(converted / users.length - expected)).toBeLessThan(0.04);
    }
    expect(conversion!.comparisons[0]).toMatchObject({ variant: 'b', significant: true, better: true });
    const mean = (variant: string) => {
      const s = latency!.summaries[variant]!;
      return s.type === 'continuous' ? s.mean! : NaN;
    };
    expect(Math.abs(mean('control') - 800)).toBeLessThan(25);
    expect(Math.abs(mean('b') - 700)).toBeLessThan(25);
    expect(results.variants.every((v) => v.units >= 400 && v.reached)).toBe(true);
    expect(results.recommendation).toMatchObject({ verdict: 'ship', winner: 'b' });
    expect(run.stdout).toContain(`Results now: ${results.recommendation.text.split(';')[0]}`);

    // Independently of the simulator's own check: no user was ever served two variants.
    const switched = rowsOf<{ unit_id: string }>(
      await getDb().execute(sql`select unit_id from executions where experiment_id is not null group by unit_id having count(distinct variant) > 1`),
    );
    expect(switched).toEqual([]);
  });

  it('exits 1 naming the refusal when the API key is wrong', { timeout: CLI_TIMEOUT }, async () => {
    const run = await simulate(['--experiment', 'pitch-test', '--units', '10', '--rates', 'control=0.1,b=0.2', '--url', server.url, '--key', 'vrs_wrong']);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe('error: GET /api/v1/experiments/pitch-test → 401 unauthorized: This API key is unknown or revoked.');
    expect(run.stdout).toBe('');
  });

  it('refuses an experiment that is not running', { timeout: CLI_TIMEOUT }, async () => {
    const run = await simulate(['--experiment', 'idle-test', '--units', '10', '--rates', 'control=0.1,b=0.2', '--url', server.url, '--key', key]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Experiment "idle-test" is draft: only a running experiment assigns variants.');
  });

  it('exits 2 when a variant has no rate, before any user is sent', { timeout: CLI_TIMEOUT }, async () => {
    const run = await simulate(['--experiment', 'pitch-test', '--units', '10', '--rates', 'control=0.1', '--url', server.url, '--key', key]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--rates: experiment pitch-test has variants control, b; no rate for b');
  });
});
