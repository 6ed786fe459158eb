export async function register() {
  // The database, migrations, first-start set-up and tracing live in the Node.js server only;
  // the build imports this file too and must not open the embedded database.
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return;
  // Before the first request: the login limits need the socket's address (see the file).
  const { stampPeerAddresses } = await import('./lib/server/peer-address');
  stampPeerAddresses();
  const { registerTracing } = await import('./lib/tracing/register');
  registerTracing();
  const { bootServer } = await import('./lib/server/boot-server');
  await bootServer();
}
