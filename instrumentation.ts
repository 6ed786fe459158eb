export async function register() {
  // The database, migrations, first-start set-up and tracing live in the Node.js server only;
  // the build imports this file too and must not open the embedded database.
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return;
  const { registerTracing } = await import('./lib/tracing/register');
  registerTracing();
  const { bootstrap } = await import('./lib/server/bootstrap');
  await bootstrap();
}
