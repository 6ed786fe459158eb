// `dataset import/export/list` as a script runs them: a child process on its own embedded database.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDatasetItems } from '@/lib/datasets/formats';

const root = path.resolve(import.meta.dirname, '..', '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verso-dataset-cli-'));

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'lib/cli/main.ts', ...args], {
    cwd: root,
    env: { ...process.env, VERSO_DATA_DIR: path.join(dir, 'data'), VERSO_SEED_DEMO: '0', DATABASE_URL: '' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const file = (name: string, text: string) => {
  const full = path.join(dir, name);
  fs.writeFileSync(full, text);
  return full;
};

describe('dataset commands', () => {
  it('import creates then appends, export writes what import reads, list shows it; a bad row writes nothing', { timeout: 120_000 }, async () => {
    const csv = 'question,expected,metadata.source\n"Hi, ""you""\nthere",Hello,web\nplain,,\n';
    const first = await cli(['dataset', 'import', '--name', 'faq', '--file', file('cases.csv', csv), '--actor', 'ada']);
    expect(first, first.stderr).toMatchObject({ code: 0 });
    expect(first.stdout).toMatch(/created faq: version 1, 2 items/);

    const jsonl = file('more.jsonl', '{"variables":{"question":"typed"},"expected":{"n":1}}\n');
    const second = await cli(['dataset', 'import', '--name', 'faq', '--file', jsonl, '--message', 'more']);
    expect(second.stdout).toMatch(/appended to faq: version 2, 3 items/);

    const v1 = await cli(['dataset', 'export', '--name', 'faq', '--version', '1']);
    expect(v1.code).toBe(0);
    expect(parseDatasetItems(v1.stdout, 'csv')).toEqual(parseDatasetItems(csv, 'csv'));
    const latest = await cli(['dataset', 'export', '--name', 'faq', '--format', 'jsonl']);
    expect(parseDatasetItems(latest.stdout, 'jsonl')).toEqual([...parseDatasetItems(csv, 'csv'), { variables: { question: 'typed' }, expected: { n: 1 } }]);

    const bad = await cli(['dataset', 'import', '--name', 'faq', '--file', file('bad.csv', 'question\nok\n"unclosed\n'), '--mode', 'replace']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/line 3.*never closed/);

    const list = await cli(['dataset', 'list']);
    expect(list.stdout.trim()).toBe('faq  v2  3 items');

    const unknown = await cli(['dataset', 'export', '--name', 'nope']);
    expect({ code: unknown.code, stderr: unknown.stderr.trim() }).toEqual({ code: 1, stderr: 'error: No dataset named "nope".' });
  });
});
