// What sign-ins cost everyone else: GET /api/v1/prompts latency (p50/p99) while people sign
// in. The API route handlers run behind tests/support/app-server.ts in this process, on an
// embedded database, with 4 sign-in loops in the same process (the same main thread the
// server's requests run on, as in `next start`):
//   - no sign-ins: the baseline;
//   - 4 loops through signIn(), which hashes in the password worker thread;
//   - 4 loops running bcryptjs on the main thread, as sign-in did before: the comparison.
// The loops sign in with the right password (a wrong one is refused before hashing after a
// few tries: the limits would take the load away). `npx tsx tests/bench/login.bench.ts [--duration 10]`
import os from 'node:os';
import autocannon from 'autocannon';
import bcrypt from 'bcryptjs';
import { getDb, openPglite, useDatabase } from '@/db/client';
import { migrate } from '@/db/migrate';
import { getUserByEmail } from '@/db/queries/users';
import { createApiKey } from '@/lib/auth/api-keys';
import { systemActor } from '@/lib/auth/roles';
import { signIn } from '@/lib/auth/sign-in';
import { createUser } from '@/lib/auth/users';
import { createPrompt } from '@/lib/prompts/registry';
import { newPromptInput } from '@/lib/prompts/schemas';
import { startAppServer } from '../support/app-server';
import { format, option } from './load';

const DURATION_S = Number(option('duration', '10'));
const CONNECTIONS = 4;
const LOGIN_LOOPS = 4;
const PASSWORD = 'a-long-benchmark-password';

type Loops = (stop: { now: boolean }) => Promise<number>;

async function measure(title: string, url: string, headers: Record<string, string>, loops?: Loops) {
  const stop = { now: false };
  const signIns = loops?.(stop) ?? Promise.resolve(0);
  const r = await autocannon({ url, headers, connections: CONNECTIONS, duration: DURATION_S });
  stop.now = true;
  const done = await signIns;
  console.log(
    `${title.padEnd(40)} ${format(r.requests.average).padStart(5)} req/s   p50 ${String(r.latency.p50).padStart(4)} ms   ` +
      `p99 ${String(r.latency.p99).padStart(4)} ms   non-2xx ${r.non2xx}   errors ${r.errors + r.timeouts}   sign-ins ${(done / DURATION_S).toFixed(1)}/s`,
  );
}

/** `LOGIN_LOOPS` loops of `once`, until stopped; the number of sign-ins done. */
const loopsOf = (once: (loop: number) => Promise<unknown>): Loops => async (stop) => {
  let done = 0;
  await Promise.all(
    Array.from({ length: LOGIN_LOOPS }, async (_, loop) => {
      while (!stop.now) {
        await once(loop);
        done++;
      }
    }),
  );
  return done;
};

async function main() {
  const handle = await openPglite();
  await migrate(handle);
  useDatabase(handle);
  const server = await startAppServer();
  try {
    for (let i = 0; i < LOGIN_LOOPS; i++) {
      await createUser(systemActor, { email: `signer${i}@example.com`, password: PASSWORD, role: 'viewer' });
    }
    for (const name of ['alpha', 'beta', 'gamma', 'delta']) {
      await createPrompt(systemActor, newPromptInput.parse({ name, template: `Hello {{ who }} from ${name}` }));
    }
    const { key } = await createApiKey(systemActor, { name: 'bench', role: 'viewer' });
    const headers = { authorization: `Bearer ${key}` };
    const url = `${server.url}/api/v1/prompts`;
    const hashes = await Promise.all(
      Array.from({ length: LOGIN_LOOPS }, async (_, i) => (await getUserByEmail(getDb(), `signer${i}@example.com`))!.passwordHash),
    );

    console.log(`\nSign-in benchmark: GET /api/v1/prompts, ${CONNECTIONS} connections, ${DURATION_S} s per run; node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg()[0]!.toFixed(1)}\n`);
    await autocannon({ url, headers, connections: CONNECTIONS, duration: 3 });
    await measure('no sign-ins', url, headers);
    await measure(`${LOGIN_LOOPS} sign-in loops (hash in the worker)`, url, headers,
      loopsOf((i) => signIn({ email: `signer${i}@example.com`, password: PASSWORD }, { ip: `10.9.0.${i}` })));
    await measure(`${LOGIN_LOOPS} loops, bcrypt on the main thread (before)`, url, headers,
      loopsOf((i) => bcrypt.compare(PASSWORD, hashes[i]!)));
  } finally {
    await server.close();
    useDatabase(undefined);
    await handle.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
