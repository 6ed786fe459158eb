// What a production build was made from, so that `npm start` rebuilds when the sources changed
// since (a `git pull`, an edit) instead of serving the old build. Starting must stay fast, so a
// start only stats the files; a file whose size and mtime are unchanged is taken as unchanged,
// and one whose mtime moved (a checkout, a touch) is read and compared by content before it
// counts as a change.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Directories whose files go into a build (the SDK's sources: the server imports its assignment and LiquidJS sandbox). Tests, docs, scripts and the data dir do not. */
export const SOURCE_DIRS = ['app', 'components', 'lib', 'db', 'public', 'styles', 'sdk/src'];
/** Files at the project's root that go into a build. */
const ROOT_FILE = /^(instrumentation(-[\w-]+)?\.ts|middleware\.ts|proxy\.ts|next\.config\.\w+|postcss\.config\.\w+|tsconfig\.json|package-lock\.json)$/;

export const RECORD_FILE = 'verso-source-fingerprint';

/** One source file as the build saw it; sha256 is filled in when the build is recorded. */
export type SourceEntry = { mtimeMs: number; size: number; sha256?: string };
export type SourceManifest = Record<string, SourceEntry>;
export type SourceChange = { path: string; how: 'changed' | 'added' | 'removed' };

/** The project-relative paths (with `/`) of every file that goes into a build, sorted. */
export function buildInputs(root: string): string[] {
  const found: string[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      // Editors' swap files and .DS_Store are not sources.
      if (entry.name.startsWith('.')) continue;
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) found.push(child);
    }
  };
  for (const dir of SOURCE_DIRS) if (fs.existsSync(path.join(root, dir))) walk(dir);
  for (const entry of fs.readdirSync(root, { withFileTypes: true })) if (entry.isFile() && ROOT_FILE.test(entry.name)) found.push(entry.name);
  return found.sort();
}

/** Size and mtime of every input: what a start reads, without opening a file. */
export function statSources(root: string): SourceManifest {
  const manifest: SourceManifest = {};
  for (const rel of buildInputs(root)) {
    const stat = fs.statSync(path.join(root, rel));
    manifest[rel] = { mtimeMs: stat.mtimeMs, size: stat.size };
  }
  return manifest;
}

const sha256Of = (root: string, rel: string) => crypto.createHash('sha256').update(fs.readFileSync(path.join(root, rel))).digest('hex');

/** The manifest with each file's content hash: taken just before a build. */
export function hashSources(root: string, manifest: SourceManifest = statSources(root)): SourceManifest {
  return Object.fromEntries(Object.entries(manifest).map(([rel, entry]) => [rel, { ...entry, sha256: sha256Of(root, rel) }]));
}

/** One string for a manifest (paths, sizes, mtimes): equal manifests, equal fingerprints. */
export function fingerprint(manifest: SourceManifest): string {
  const hash = crypto.createHash('sha256');
  for (const rel of Object.keys(manifest).sort()) hash.update(`${rel}\0${manifest[rel]!.size}\0${manifest[rel]!.mtimeMs}\n`);
  return hash.digest('hex');
}

/**
 * The sources that differ from `recorded`, and `recorded` with the stats of the files whose
 * mtime moved but whose content did not (so the next start need not read them again).
 */
export function compareSources(root: string, recorded: SourceManifest, current: SourceManifest): { changes: SourceChange[]; refreshed: SourceManifest } {
  const changes: SourceChange[] = [];
  const refreshed: SourceManifest = {};
  for (const [rel, now] of Object.entries(current)) {
    const then = recorded[rel];
    if (!then) {
      changes.push({ path: rel, how: 'added' });
      continue;
    }
    refreshed[rel] = then;
    if (then.size === now.size && then.mtimeMs === now.mtimeMs) continue;
    if (then.size === now.size && then.sha256 !== undefined && then.sha256 === sha256Of(root, rel)) refreshed[rel] = { ...now, sha256: then.sha256 };
    else changes.push({ path: rel, how: 'changed' });
  }
  for (const rel of Object.keys(recorded)) if (!(rel in current)) changes.push({ path: rel, how: 'removed' });
  return { changes, refreshed };
}

export function readRecord(distDir: string): SourceManifest | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(path.join(distDir, RECORD_FILE), 'utf8')) as { files?: SourceManifest };
    return parsed.files && typeof parsed.files === 'object' ? parsed.files : null;
  } catch {
    return null;
  }
}

function writeRecord(distDir: string, files: SourceManifest) {
  fs.writeFileSync(path.join(distDir, RECORD_FILE), JSON.stringify({ fingerprint: fingerprint(files), files }));
}

/**
 * After a successful build: records the sources as they were when it started (`before`, from
 * hashSources). A file edited while the build ran keeps its old entry, so the next start
 * rebuilds; one only rewritten with the same content (Next.js rewrites tsconfig.json) does not.
 */
export function recordBuild(root: string, distDir: string, before: SourceManifest) {
  writeRecord(distDir, compareSources(root, before, statSources(root)).refreshed);
}

export type BuildCheck = { fresh: true } | { fresh: false; reason: string };

/**
 * Whether the build in `distDir` was made from the sources as they are now. A build without a
 * record (`next build` run by hand, or a build older than the record) is adopted when no source
 * is newer than it, and rebuilt otherwise.
 */
export function checkBuild(root: string, distDir: string): BuildCheck {
  const buildId = path.join(distDir, 'BUILD_ID');
  if (!fs.existsSync(buildId)) return { fresh: false, reason: 'there is no production build' };
  const current = statSources(root);
  const recorded = readRecord(distDir);
  if (!recorded) {
    const builtAt = fs.statSync(buildId).mtimeMs;
    const newer = Object.keys(current).filter((rel) => current[rel]!.mtimeMs > builtAt);
    if (newer.length > 0) return { fresh: false, reason: `source changed since the last build (${listed(newer)})` };
    tryWriteRecord(distDir, hashSources(root, current));
    return { fresh: true };
  }
  const { changes, refreshed } = compareSources(root, recorded, current);
  if (changes.length > 0) return { fresh: false, reason: `source changed since the last build (${listed(changes.map(describe))})` };
  if (fingerprint(refreshed) !== fingerprint(recorded)) tryWriteRecord(distDir, refreshed);
  return { fresh: true };
}

const describe = (change: SourceChange) => (change.how === 'changed' ? change.path : `${change.path} ${change.how}`);

function listed(items: string[]): string {
  return items.length <= 3 ? items.join(', ') : `${items.slice(0, 3).join(', ')} and ${items.length - 3} more`;
}

// A read-only deployment cannot write its record; it still serves.
function tryWriteRecord(distDir: string, files: SourceManifest) {
  try {
    writeRecord(distDir, files);
  } catch {
    // The next start compares again.
  }
}
