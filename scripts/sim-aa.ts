// A/A simulations of Verso's results engine: `npm run sim:aa [-- --quick] [-- --seed N] [-- --workers N]`.
// Thousands of experiments where both arms are the same, with repeat users whose calls
// correlate, analysed the way the results page analyses them; prints each false-positive rate
// with its 95% interval and target, and exits non-zero when a target is missed. The runs are
// split into chunks with disjoint random streams, spread over worker threads (one per CPU by
// default): the numbers are the same whatever the number of workers.
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import {
  FULL_PLAN,
  QUICK_PLAN,
  checksOf,
  chunksOf,
  consistentWith,
  formatChecks,
  passes,
  runChunk,
  sumTallies,
  type AaPlan,
  type Chunk,
  type Tally,
} from '@/lib/experiments/aa-simulation';

type Job = { plan: AaPlan };

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Chunks handed out one at a time, so a slow worker does not hold the others up. */
async function runAll(plan: AaPlan, workers: number): Promise<{ chunk: Chunk; tally: Tally }[]> {
  const queue = chunksOf(plan);
  const results: { chunk: Chunk; tally: Tally }[] = [];
  const total = queue.length;
  const one = () =>
    new Promise<void>((resolve, reject) => {
      // Worker threads do not inherit tsx's loader on Node 20: the worker registers it, then loads this file.
      const boot = `require('tsx/cjs/api').register(); require(${JSON.stringify(fileURLToPath(import.meta.url))});`;
      const worker = new Worker(boot, { eval: true, workerData: { plan } satisfies Job });
      const next = () => {
        const chunk = queue.shift();
        if (!chunk) return void worker.terminate().then(() => resolve());
        worker.postMessage(chunk);
      };
      worker.on('message', (result: { chunk: Chunk; tally: Tally }) => {
        results.push(result);
        process.stderr.write(`\r${results.length}/${total} chunks`);
        next();
      });
      worker.on('error', reject);
      worker.on('online', next);
    });
  await Promise.all(Array.from({ length: Math.min(workers, total) }, one));
  process.stderr.write('\n');
  return results;
}

async function main() {
  const quick = process.argv.includes('--quick');
  const base = quick ? QUICK_PLAN : FULL_PLAN;
  const judge = quick ? consistentWith : passes;
  const seed = option('seed');
  const plan: AaPlan = { ...base, seed: seed === undefined ? base.seed : Number(seed) };
  const workers = Number(option('workers') ?? Math.max(1, os.availableParallelism()));
  const started = performance.now();
  console.log(
    `A/A simulations: ${plan.units} users per experiment (1 to 10 calls each), ${plan.fixedRuns} experiments per fixed-horizon family, ` +
      `${plan.peekingRuns} looked at ${plan.looks} times; seed ${plan.seed}, ${workers} worker${workers === 1 ? '' : 's'}.\n`,
  );
  const checks = checksOf(plan, sumTallies(await runAll(plan, workers)));
  console.log(formatChecks(checks, judge));
  if (quick) console.log('\n--quick: a target is missed only when its 95% interval excludes it (the full run judges the rate itself).');
  const failed = checks.filter((c) => !judge(c));
  console.log(`\n${checks.length - failed.length} of ${checks.length} targets met in ${((performance.now() - started) / 1000).toFixed(0)} s.`);
  if (failed.length > 0) {
    console.log(`Missed: ${failed.map((c) => c.label.trim()).join('; ')}.`);
    process.exitCode = 1;
  }
}

if (isMainThread) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  const { plan } = workerData as Job;
  parentPort!.on('message', (chunk: Chunk) => parentPort!.postMessage({ chunk, tally: runChunk(plan, chunk) }));
}
