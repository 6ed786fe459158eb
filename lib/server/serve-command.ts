import path from 'node:path';

/**
 * How Verso's server process is started: node with tsx's loader, running lib/server/serve.ts
 * from the project directory. `npm start` and the tests' server (tests/e2e/support/server.ts)
 * both use this, so the tests run the server exactly as users do.
 */
export function serveCommand(root: string, nodeArgs: string[] = []): { command: string; args: string[] } {
  return { command: process.execPath, args: [...nodeArgs, '--import', 'tsx', path.join(root, 'lib', 'server', 'serve.ts')] };
}
