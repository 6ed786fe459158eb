// `npm start`: check the configuration, build if there is no build or the sources changed
// since it was made (lib/server/build-fingerprint.ts), then serve (lib/server/serve.ts:
// Next.js behind Verso's own HTTP server). Migrations, the first admin and the demo data are
// done by the server itself at start (instrumentation.ts).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, parseEnv } from '@/lib/env';
import { checkBuild, hashSources, recordBuild } from './build-fingerprint';
import { serveCommand } from './serve-command';

function main() {
  let config;
  try {
    config = parseEnv(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const root = process.cwd();
  const distDir = path.join(root, '.next');
  if (!fs.existsSync(path.join(distDir, 'BUILD_ID'))) {
    // Measured on 2 cores: 55 s when idle, over 5 minutes when the cores are busy with other work.
    build(root, distDir, 'No production build yet: building Verso once (about a minute on 2 idle cores, several on a busy machine; later starts skip this)…');
  } else if (!config.VERSO_SKIP_BUILD_CHECK) {
    const check = checkBuild(root, distDir);
    if (!check.fresh) build(root, distDir, `${capitalised(check.reason)} — rebuilding (about a minute on 2 idle cores)…`);
  }
  const { command, args } = serveCommand(root);
  const server = spawn(command, args, {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production', NEXTAUTH_URL: config.NEXTAUTH_URL ?? `http://localhost:${config.PORT}` },
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
  server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function build(root: string, distDir: string, why: string) {
  console.log(why);
  const started = Date.now();
  // What the build reads is taken before it starts: an edit made while it runs is not in it.
  const before = hashSources(root);
  const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
  const result = spawnSync(process.execPath, [nextBin, 'build'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (result.status !== 0) process.exit(result.status ?? 1);
  recordBuild(root, distDir, before);
  console.log(`Built in ${Math.round((Date.now() - started) / 1000)} s. Starting the server…`);
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

main();
