// A production build and a server of the app (lib/server/serve.ts), as `npm start` runs it, for the
// end-to-end tests and the API benchmark. The build goes into a dist dir of its own so that
// it never disturbs a developer's `.next`, and is redone only when the sources change.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { buildInputs } from '../../../lib/server/build-fingerprint';
import { serveCommand } from '../../../lib/server/serve-command';

export const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
export const E2E_DIST_DIR = '.next-e2e';
const NEXT_BIN = path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');

const STAMP = 'verso-source-hash';

/** A hash of the sources' contents (the files `npm start` checks too): a fresh clone has new mtimes but the same build. */
function sourceHash(): string {
  const hash = crypto.createHash('sha256');
  for (const rel of buildInputs(ROOT)) hash.update(rel).update('\0').update(fs.readFileSync(path.join(ROOT, rel))).update('\0');
  return hash.digest('hex');
}

/** Builds into `distDir` unless a build of the same sources is there; returns the seconds spent. */
export function ensureBuild(distDir = E2E_DIST_DIR, log: (line: string) => void = console.log): number {
  const stampFile = path.join(ROOT, distDir, STAMP);
  const wanted = sourceHash();
  const built = fs.existsSync(path.join(ROOT, distDir, 'BUILD_ID')) && fs.existsSync(stampFile) ? fs.readFileSync(stampFile, 'utf8') : '';
  if (built === wanted) {
    log(`Build in ${distDir} is up to date.`);
    return 0;
  }
  log(`Building the app into ${distDir} (next build)…`);
  // `next build` adds its dist dir's type globs to tsconfig.json's include; a test build must
  // not change a tracked file, so the file is put back as it was.
  const tsconfig = path.join(ROOT, 'tsconfig.json');
  const tsconfigBefore = fs.readFileSync(tsconfig, 'utf8');
  const started = Date.now();
  const build = spawnSync(process.execPath, [NEXT_BIN, 'build'], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...serverBaseEnv(), VERSO_NEXT_DIST_DIR: distDir },
  });
  if (fs.readFileSync(tsconfig, 'utf8') !== tsconfigBefore) fs.writeFileSync(tsconfig, tsconfigBefore);
  if (build.status !== 0) throw new Error(`next build failed (exit ${build.status ?? build.signal})`);
  fs.writeFileSync(stampFile, wanted);
  const seconds = (Date.now() - started) / 1000;
  log(`Built in ${seconds.toFixed(1)} s.`);
  return seconds;
}

/** The caller's environment without anything that would point the server at another database or build. */
function serverBaseEnv(): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' };
  for (const name of ['DATABASE_URL', 'TEST_DATABASE_URL', 'VERSO_NEXT_DIST_DIR', 'PORT', 'VERSO_HOST', 'NEXTAUTH_URL', 'VERSO_TEST_DB']) delete env[name];
  return env as NodeJS.ProcessEnv;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export type RunningServer = {
  url: string;
  port: number;
  /** The server's process id, also its process group id. */
  pid: number;
  /** The server's output so far (also written to `logFile`). */
  output: () => string;
  stop: () => Promise<void>;
};

export type ServerOptions = {
  distDir?: string;
  dataDir: string;
  /** Extra environment: ADMIN_EMAIL, VERSO_INIT_API_KEY, … */
  env: Record<string, string>;
  logFile: string;
  /** Answers true once the app is ready (bootstrap done). */
  ready: (url: string) => Promise<boolean>;
  timeoutMs?: number;
  /** Flags for node itself, e.g. --cpu-prof (which NODE_OPTIONS does not accept). */
  nodeArgs?: string[];
  /** The port, for a server that comes back on the address of one that stopped; a free one by default. */
  port?: number;
};

/** The server on a port of 127.0.0.1 (a free one unless given), started as `npm start` starts it; resolves once `ready` says so. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  const log = fs.createWriteStream(options.logFile);
  let output = '';
  const { command, args } = serveCommand(ROOT, options.nodeArgs);
  const child = spawn(command, args, {
    cwd: ROOT,
    // Its own process group, so that stopping it stops everything it started.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...serverBaseEnv(),
      VERSO_NEXT_DIST_DIR: options.distDir ?? E2E_DIST_DIR,
      PORT: String(port),
      VERSO_HOST: '127.0.0.1',
      VERSO_DATA_DIR: options.dataDir,
      NEXTAUTH_URL: url,
      ...options.env,
    } as NodeJS.ProcessEnv,
  });
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      log.write(chunk);
    });
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stopOnExit = () => killGroup(child, 'SIGKILL');
  process.once('exit', stopOnExit);

  const stop = async () => {
    process.removeListener('exit', stopOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await new Promise<void>((resolve) => log.end(resolve));
  };

  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  while (true) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(`The server exited before it was ready (exit ${child.exitCode ?? child.signalCode}). Output:\n${tail(output)}`);
    }
    if (await options.ready(url).catch(() => false)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The server did not answer within ${(options.timeoutMs ?? 120_000) / 1000} s. Output:\n${tail(output)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, port, pid: child.pid!, output: () => output, stop };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // Already gone.
  }
}

export function tail(text: string, lines = 40): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
