import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { executions } from '@/db/schema';
import { withApiKeys } from '../support/api';
import { startAppServer, type AppServer } from '../support/app-server';
import { withTestDatabase } from '../support/db';
import { givenPrompt } from '../support/prompts';

// The package as an application gets it: built as `npm run sdk:build` builds it (into a directory
// of this run's own, as the pglite and postgres runs of this file go at once), imported by its name
// from plain Node (no tsx, none of the app's code), it serves a prompt and, without close() being
// called, its execution still reaches Verso: the SDK flushes on the process's 'beforeExit'.

withTestDatabase();
const keys = withApiKeys();
const root = path.resolve(import.meta.dirname, '..', '..');
let server: AppServer;
// Inside sdk/, so that `liquidjs` resolves from the repository's node_modules as from an app's.
const pkgDir = path.join(root, 'sdk', `.test-build-${process.pid}-${process.env.VERSO_TEST_DB}`);
const run = promisify(execFile);

beforeAll(async () => {
  await givenPrompt('sdk/exit', { template: 'Bye {{ name | upcase }}', labels: ['production'] });
  server = await startAppServer();
  const dist = path.join(pkgDir, 'dist');
  // What `npm run sdk:build` runs, with the output directory moved.
  const scripts = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts;
  expect(scripts['sdk:build']).toBe('tsc -p sdk/tsconfig.json && node sdk/scripts/copy-engine.mjs');
  await run(path.join(root, 'node_modules/.bin/tsc'), ['-p', 'sdk/tsconfig.json', '--outDir', dist], { cwd: root });
  await run(process.execPath, ['sdk/scripts/copy-engine.mjs', dist], { cwd: root });
  fs.copyFileSync(path.join(root, 'sdk/package.json'), path.join(pkgDir, 'package.json'));
}, 120_000);

afterAll(async () => {
  fs.rmSync(pkgDir, { recursive: true, force: true });
  await server?.close();
});

function node(script: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: pkgDir });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('the verso-sdk package', () => {
  it('declares what it publishes', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({ name: 'verso-sdk', type: 'module', dependencies: { liquidjs: expect.any(String) } });
    expect(Object.keys(pkg.dependencies)).toEqual(['liquidjs']);
    for (const file of [pkg.exports['.'].import, pkg.exports['.'].types, pkg.main, pkg.types]) expect(fs.existsSync(path.join(pkgDir, file)), file).toBe(true);
    const built = fs.readdirSync(path.join(pkgDir, 'dist'));
    expect(built).toEqual(expect.arrayContaining(['index.js', 'index.d.ts', 'verso.js', 'liquid-engine.mjs', 'liquid-engine.d.mts']));
    // Nothing in the build reaches into the app.
    for (const file of built) expect(fs.readFileSync(path.join(pkgDir, 'dist', file), 'utf8')).not.toMatch(/from ['"](@\/|\.\.\/)/);
  });

  it('serves from plain Node and flushes its events when the process exits', async () => {
    const script = `
      import { Verso } from 'verso-sdk';
      const verso = new Verso({ baseUrl: ${JSON.stringify(server.url)}, apiKey: ${JSON.stringify(keys.service)} });
      const r = await verso.resolve('sdk/exit', { unitId: 'leaving', variables: { name: 'ada' } });
      console.log(JSON.stringify(r));
    `;
    const run = await node(script);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const served = JSON.parse(run.stdout);
    expect(served).toMatchObject({ name: 'sdk/exit', version: 1, experiment: null, type: 'text', text: 'Bye ADA' });
    const rows = await getDb().select({ id: executions.id, unitId: executions.unitId, source: executions.source }).from(executions).where(inArray(executions.id, [served.executionId]));
    expect(rows).toEqual([{ id: served.executionId, unitId: 'leaving', source: 'sdk' }]);
  });
});
