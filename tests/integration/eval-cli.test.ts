// `eval run/gate/compare/list` as a CI pipeline runs them: a child process on its own embedded
// database, calling the fake OpenAI server over HTTP.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openPglite, useDatabase } from '@/db/client';
import { migrate } from '@/db/migrate';
import { createDataset } from '@/lib/datasets/datasets';
import { setGate } from '@/lib/evals/gates';
import { createPrompt, createVersion } from '@/lib/prompts/registry';
import { newPromptInput, newVersionInput } from '@/lib/prompts/schemas';
import { admin } from '../support/actors';
import { withFakeOpenAI } from '../support/model-env';

const root = path.resolve(import.meta.dirname, '..', '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verso-eval-cli-'));
const dataDir = path.join(dir, 'data');
const fake = withFakeOpenAI();

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // The fake's address and key come from this process's environment (withFakeOpenAI set them).
  const child = spawn(process.execPath, ['--import', 'tsx', 'lib/cli/main.ts', ...args], {
    cwd: root,
    env: { ...process.env, VERSO_DATA_DIR: dataDir, VERSO_SEED_DEMO: '0', DATABASE_URL: '' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const ITEMS = 20;

/** The CLI's database, opened here while no CLI process holds it. */
async function inDataDir(work: () => Promise<void>) {
  const handle = await openPglite(dataDir);
  try {
    await migrate(handle);
    useDatabase(handle);
    await work();
  } finally {
    useDatabase(undefined);
    await handle.close();
  }
}

beforeAll(async () => {
  await inDataDir(async () => {
    const modelConfig = { provider: 'openai', model: 'gpt-4o-mini' };
    await createPrompt(admin, newPromptInput.parse({ name: 'cli/answer', template: 'Answer {{ q }}', modelConfig, labels: ['production'] }));
    await createVersion(admin, 'cli/answer', newVersionInput.parse({ template: 'Reply {{ q }}', modelConfig }));
    await createDataset(admin, { name: 'cli-cases', items: Array.from({ length: ITEMS }, (_, i) => ({ variables: { q: `case ${i}` }, expected: `answer ${i}` })) });
    await setGate(admin, 'cli/answer', { dataset: 'cli-cases' });
  });
}, 120_000);

// Version 1 answers every case; version 2 ("Reply …") gets the odd ones wrong.
const script = () =>
  fake.setScript(({ lastUser }) => {
    const i = Number(/case (\d+)/.exec(lastUser)?.[1]);
    return { reply: lastUser.startsWith('Reply') && i % 2 === 1 ? 'no idea' : `answer ${i}` };
  });

const runIdOf = (stdout: string) => /run: ([0-9a-f-]{36}) \(completed\)/.exec(stdout)?.[1];

describe('eval commands', () => {
  it('gates a version without a run, runs both versions with progress and a summary, then gates, compares and lists', { timeout: 240_000 }, async () => {
    const noRun = await cli(['eval', 'gate', '--prompt', 'cli/answer', '--version', '2']);
    expect(noRun.code, noRun.stderr).toBe(1);
    expect(noRun.stdout).toMatch(/^FAIL {2}cli\/answer v2 \(production: v1; cli-cases v1\)/);
    expect(noRun.stdout).toContain('npm run cli -- eval run --dataset cli-cases --dataset-version 1 --prompt cli/answer --version 2 --evaluators FILE');
    expect(noRun.stderr.trim()).toBe('error: the eval gate keeps v2 of "cli/answer" out of production');

    script();
    const first = await cli(['eval', 'run', '--dataset', 'cli-cases', '--prompt', 'cli/answer', '--evaluator', 'exact', '--evaluator', 'contains', '--concurrency', '4', '--actor', 'ci']);
    expect(first.code, first.stderr).toBe(0);
    // Not a terminal: one progress line each tenth, ending at 20/20.
    const lines = first.stderr.split('\n').filter((l) => l.startsWith('['));
    expect(lines.length).toBeGreaterThanOrEqual(5);
    expect(lines.length).toBeLessThanOrEqual(11);
    expect(lines.at(-1)).toMatch(/^\[#{30}\] 20\/20$/);
    expect(first.stdout).toMatch(/^exact +20 +1\.000 +100\.0%$/m);
    expect(first.stdout).toMatch(/^contains +20 +1\.000 +100\.0%$/m);
    expect(first.stdout).toMatch(/items: 20 succeeded, 0 failed of 20/);
    const baseline = runIdOf(first.stdout);
    expect(baseline).toBeDefined();
    expect(fake.requests.length).toBe(ITEMS);

    const second = await cli(['eval', 'run', '--dataset', 'cli-cases', '--prompt', 'cli/answer', '--version', '2', '--evaluators', '[{"type":"exact","name":"exact"},{"type":"contains","name":"contains"}]']);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/^exact +20 +0\.500 +50\.0%$/m);
    const candidate = runIdOf(second.stdout);

    // 10 items pass on v1 and fail on v2, none the other way: McNemar's exact p = 2 · 0.5^10.
    const worse = await cli(['eval', 'gate', '--prompt', 'cli/answer', '--version', '2']);
    expect(worse.code).toBe(1);
    expect(worse.stdout).toMatch(/^FAIL/);
    expect(worse.stdout).toMatch(/exact is worse \(50% vs 100%, p = 0\.00\d+ after Holm\)/);

    const same = await cli(['eval', 'gate', '--prompt', 'cli/answer', '--version', '1']);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).toMatch(/^PASS {2}cli\/answer v1[^\n]*\nv1 is already in production\.$/m);

    const compared = await cli(['eval', 'compare', baseline!, candidate!]);
    expect(compared.code, compared.stderr).toBe(0);
    expect(compared.stdout).toContain(`${candidate} (cli/answer v2)\n  against baseline ${baseline} (cli/answer v1)\n  on cli-cases v1`);
    const exactRow = compared.stdout.split('\n').find((l) => l.startsWith('exact '))!;
    expect(exactRow.split(/\s{2,}/)).toEqual(expect.arrayContaining(['20', '100.0%', '50.0%', '-50.0%', '0.0020', 'worse']));
    expect(compared.stdout).toMatch(/^latency: /m);
    expect(compared.stdout).toMatch(/^cost: /m);

    const list = await cli(['eval', 'list', '--prompt', 'cli/answer']);
    expect(list.code, list.stderr).toBe(0);
    const rows = list.stdout.trim().split('\n').slice(1);
    expect(rows.map((r) => r.split(/\s{2,}/).slice(0, 5))).toEqual([
      [candidate, 'completed', 'cli/answer v2', 'cli-cases v1', '20/20'],
      [baseline, 'completed', 'cli/answer v1', 'cli-cases v1', '20/20'],
    ]);
  });

  it('exits 2 for bad arguments, naming the problem', { timeout: 120_000 }, async () => {
    const cases: [string[], RegExp][] = [
      [['eval', 'gate', '--prompt', 'cli/answer'], /--version is required/],
      [['eval', 'run', '--dataset', 'cli-cases', '--prompt', 'cli/answer', '--evaluator', 'bogus'], /--evaluator bogus: unknown shorthand/],
      [['eval', 'run', '--dataset', 'cli-cases', '--prompt', 'cli/answer'], /--evaluators FILE_OR_JSON or --evaluator TYPE/],
      [['eval', 'compare', 'not-a-run'], /eval compare/],
    ];
    for (const [args, message] of cases) {
      const res = await cli(args);
      expect({ code: res.code, args }).toEqual({ code: 2, args });
      expect(res.stderr).toMatch(message);
    }
  });
});
