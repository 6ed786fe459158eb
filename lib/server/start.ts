// `npm start`: check the configuration, build once if there is no build, then serve
// (lib/server/serve.ts: Next.js behind Verso's own HTTP server). Migrations, the first admin
// and the demo data are done by the server itself at start (instrumentation.ts).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, parseEnv } from '@/lib/env';
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
  const nextBin = path.join(process.cwd(), 'node_modules', 'next', 'dist', 'bin', 'next');
  if (!fs.existsSync(path.join(process.cwd(), '.next', 'BUILD_ID'))) {
    // Measured on 2 cores: 55 s when idle, over 5 minutes when the cores are busy with other work.
    console.log('No production build yet: building Verso once (about a minute on 2 idle cores, several on a busy machine; later starts skip this)…');
    const started = Date.now();
    const build = spawnSync(process.execPath, [nextBin, 'build'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
    if (build.status !== 0) process.exit(build.status ?? 1);
    console.log(`Built in ${Math.round((Date.now() - started) / 1000)} s. Starting the server…`);
  }
  const { command, args } = serveCommand(process.cwd());
  const server = spawn(command, args, {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production', NEXTAUTH_URL: config.NEXTAUTH_URL ?? `http://localhost:${config.PORT}` },
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
  server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main();
