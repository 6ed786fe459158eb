// `npm start` rebuilds when the sources changed since the last build: what counts as a source,
// and when a build is still fresh. On a project tree of its own in a temporary directory.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildInputs, checkBuild, fingerprint, hashSources, readRecord, recordBuild, statSources } from '@/lib/server/build-fingerprint';

let root: string;
let distDir: string;
// Every write gets a later mtime than the last, whatever the file system's resolution.
let clock = Date.parse('2026-01-01T00:00:00Z') / 1000;

function write(rel: string, content: string) {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  clock += 10;
  fs.utimesSync(file, clock, clock);
}

function touch(rel: string) {
  clock += 10;
  fs.utimesSync(path.join(root, rel), clock, clock);
}

/** What `npm start` does when it builds: sources taken before, BUILD_ID written, record after. */
function build(during: () => void = () => {}) {
  const before = hashSources(root);
  fs.mkdirSync(distDir, { recursive: true });
  during();
  fs.writeFileSync(path.join(distDir, 'BUILD_ID'), 'build');
  recordBuild(root, distDir, before);
}

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'verso-fingerprint-'));
  distDir = path.join(root, '.next');
  write('app/page.tsx', 'export default function Page() {}');
  write('components/ui/button.tsx', 'export const Button = 1;');
  write('lib/prompts/render.ts', 'export const render = 1;');
  write('db/schema/index.ts', 'export {};');
  write('db/migrations/0001_init.sql', 'create table t ();');
  write('instrumentation.ts', 'export function register() {}');
  write('instrumentation-client.ts', '');
  write('proxy.ts', 'export function proxy() {}');
  write('next.config.mjs', 'export default {};');
  write('postcss.config.mjs', 'export default {};');
  write('tsconfig.json', '{}');
  write('package-lock.json', '{}');
  write('package.json', '{}');
  write('README.md', '# Verso');
  write('tests/unit/a.test.ts', 'test');
  write('docs/guide.md', 'guide');
  write('scripts/sim.ts', 'sim');
  write('node_modules/next/index.js', 'next');
  write('.data/pglite/PG_VERSION', '17');
  write('lib/prompts/.render.ts.swp', 'vim');
  write('sdk/src/assignment.ts', 'export const hash = 1;');
  write('sdk/dist/index.js', 'built');
  write('sdk/README.md', '# verso-sdk');
});

afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe('what goes into a build', () => {
  it('is the app, components, lib and db folders, the SDK’s sources and the build configuration; not tests, docs, data or dependencies', () => {
    expect(buildInputs(root)).toEqual([
      'app/page.tsx',
      'components/ui/button.tsx',
      'db/migrations/0001_init.sql',
      'db/schema/index.ts',
      'instrumentation-client.ts',
      'instrumentation.ts',
      'lib/prompts/render.ts',
      'next.config.mjs',
      'package-lock.json',
      'postcss.config.mjs',
      'proxy.ts',
      'sdk/src/assignment.ts',
      'tsconfig.json',
    ]);
  });

  it('has a fingerprint that a changed, added or removed source changes, and nothing else does', () => {
    const first = fingerprint(statSources(root));
    expect(fingerprint(statSources(root))).toBe(first);

    write('tests/unit/b.test.ts', 'another test');
    write('.data/pglite/base/1', 'rows');
    write('node_modules/zod/index.js', 'zod');
    write('README.md', '# Verso, edited');
    expect(fingerprint(statSources(root))).toBe(first);

    write('lib/prompts/render.ts', 'export const render = 2;');
    const changed = fingerprint(statSources(root));
    expect(changed).not.toBe(first);

    write('lib/prompts/escape.ts', 'export const escape = 1;');
    const added = fingerprint(statSources(root));
    expect(added).not.toBe(changed);

    fs.rmSync(path.join(root, 'lib/prompts/escape.ts'));
    expect(fingerprint(statSources(root))).toBe(changed);
    fs.rmSync(path.join(root, 'components/ui/button.tsx'));
    expect(fingerprint(statSources(root))).not.toBe(changed);
  });
});

describe('checking the build at start', () => {
  it('asks for a build when there is none', () => {
    expect(checkBuild(root, distDir)).toEqual({ fresh: false, reason: 'there is no production build' });
  });

  it('is fresh after a build, and stays fresh when only tests, docs, data or dependencies change', () => {
    build();
    expect(checkBuild(root, distDir)).toEqual({ fresh: true });
    write('tests/unit/a.test.ts', 'edited');
    write('docs/guide.md', 'edited');
    write('.data/pglite/PG_VERSION', '18');
    write('node_modules/next/index.js', 'upgraded');
    write('package.json', '{"scripts":{}}');
    expect(checkBuild(root, distDir)).toEqual({ fresh: true });
  });

  it('names the source that changed, was added or was removed', () => {
    build();
    write('lib/prompts/render.ts', 'export const render = 2;');
    expect(checkBuild(root, distDir)).toEqual({ fresh: false, reason: 'source changed since the last build (lib/prompts/render.ts)' });

    build();
    write('app/settings/page.tsx', 'new page');
    expect(checkBuild(root, distDir)).toEqual({ fresh: false, reason: 'source changed since the last build (app/settings/page.tsx added)' });

    build();
    fs.rmSync(path.join(root, 'db/migrations/0001_init.sql'));
    expect(checkBuild(root, distDir)).toEqual({ fresh: false, reason: 'source changed since the last build (db/migrations/0001_init.sql removed)' });

    build();
    write('package-lock.json', '{"lockfileVersion":3}');
    write('next.config.mjs', 'export default { poweredByHeader: false };');
    write('components/ui/button.tsx', 'export const Button = 2;');
    write('lib/prompts/render.ts', 'export const render = 3;');
    expect(checkBuild(root, distDir)).toEqual({
      fresh: false,
      reason: 'source changed since the last build (components/ui/button.tsx, lib/prompts/render.ts, next.config.mjs and 1 more)',
    });
  });

  it('sees a change of content even when the size and the mtime look the same', () => {
    build();
    const file = path.join(root, 'lib/prompts/render.ts');
    const { mtime } = fs.statSync(file);
    fs.writeFileSync(file, 'export const render = 9;'); // same length as before
    fs.utimesSync(file, mtime, mtime);
    expect(checkBuild(root, distDir).fresh).toBe(true); // the stat is all a start reads…
    fs.utimesSync(file, mtime.getTime() / 1000 + 1, mtime.getTime() / 1000 + 1);
    expect(checkBuild(root, distDir)).toEqual({ fresh: false, reason: 'source changed since the last build (lib/prompts/render.ts)' }); // …until it moves
  });

  it('does not rebuild for a file touched with the same content, and remembers it', () => {
    build();
    touch('lib/prompts/render.ts');
    touch('tsconfig.json');
    expect(checkBuild(root, distDir)).toEqual({ fresh: true });
    const { mtimeMs } = fs.statSync(path.join(root, 'lib/prompts/render.ts'));
    expect(readRecord(distDir)!['lib/prompts/render.ts']!.mtimeMs).toBe(mtimeMs);
    expect(checkBuild(root, distDir)).toEqual({ fresh: true });
  });

  it('rebuilds next time for a source edited while the build ran, but not for one the build rewrote as it was', () => {
    build(() => {
      write('lib/prompts/render.ts', 'export const render = "edited mid-build";');
      write('tsconfig.json', '{}'); // Next.js rewrites tsconfig.json; the e2e build puts it back
    });
    expect(checkBuild(root, distDir)).toEqual({ fresh: false, reason: 'source changed since the last build (lib/prompts/render.ts)' });
  });

  it('adopts a build made without a record when no source is newer than it, and rebuilds when one is', () => {
    fs.mkdirSync(distDir);
    const buildId = path.join(distDir, 'BUILD_ID');
    fs.writeFileSync(buildId, 'by hand');
    fs.utimesSync(buildId, clock + 5, clock + 5);
    expect(checkBuild(root, distDir)).toEqual({ fresh: true });
    expect(Object.keys(readRecord(distDir)!)).toEqual(buildInputs(root));
    write('lib/prompts/render.ts', 'export const render = 2;');
    expect(checkBuild(root, distDir).fresh).toBe(false);

    fs.rmSync(path.join(distDir, 'verso-source-fingerprint'));
    expect(checkBuild(root, distDir)).toEqual({ fresh: false, reason: 'source changed since the last build (lib/prompts/render.ts)' });
  });

  it('rebuilds when the record cannot be read', () => {
    build();
    fs.writeFileSync(path.join(distDir, 'verso-source-fingerprint'), '{ not json');
    fs.utimesSync(path.join(distDir, 'BUILD_ID'), clock - 1000, clock - 1000);
    expect(checkBuild(root, distDir).fresh).toBe(false);
  });
});
