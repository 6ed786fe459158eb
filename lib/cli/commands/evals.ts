import os from 'node:os';
import { z } from 'zod';
import { versionNumber } from '@/lib/api/int4';
import { datasetName } from '@/lib/datasets/schemas';
import { compareRuns } from '@/lib/evals/comparison';
import { checkGate, getGate } from '@/lib/evals/gates';
import { cancelEvalRun, createEvalRun, listEvalRuns } from '@/lib/evals/runs';
import { COMPOSITE, evalRunStatus, MAX_EVAL_CONCURRENCY, type EvalRunView } from '@/lib/evals/schemas';
import { workEvalRun } from '@/lib/evals/worker';
import { labelName, promptName } from '@/lib/prompts/schemas';
import { newId } from '@/lib/ids';
import { ACTOR_HELP, actorInput, actorOption, cliActor } from '../actor';
import { CommandFailed, defineCommand, noArgs, UsageError } from '../command';
import { formatComparison, table } from '../comparison-table';
import { progressReporter } from '../eval-progress';
import { evaluatorsFromJson, evaluatorsFromShorthand } from '../evaluator-args';

const count = z.coerce.number().pipe(z.number().int());
const model = z
  .string()
  .regex(/^[^/\s]+\/\S+$/, 'PROVIDER/MODEL, e.g. openai/gpt-4o-mini')
  .transform((s) => ({ provider: s.slice(0, s.indexOf('/')), model: s.slice(s.indexOf('/') + 1) }));

export const evalRun = defineCommand({
  name: 'eval run',
  summary: 'run a prompt version over a dataset, score it and print the summary',
  help: `Usage: npm run cli -- eval run --dataset NAME [--dataset-version N] --prompt NAME
         [--version N | --label LABEL] [--model PROVIDER/MODEL]
         (--evaluators FILE_OR_JSON | --evaluator TYPE ...) [--concurrency N] [--rpm N]
         [--name TEXT] [--actor NAME]

Runs every item of the dataset version (default: the latest) through the prompt version
(default: the one labelled production) with its model, or another one, scores each output,
and prints a summary per evaluator and the run's id. This process works the run itself, with
a progress bar on stderr; Ctrl-C cancels it (items under way finish and are kept).
Exit code 1 when the run failed or was cancelled.

Evaluators:
  --evaluators FILE_OR_JSON  a JSON array of evaluator specs (as the API takes), inline or in a file
  --evaluator TYPE           a shorthand, repeatable: exact, contains, json_valid,
                             levenshtein[:THRESHOLD], regex:PATTERN, judge:PROMPT:SCALE
                             (SCALE: binary, 1-5 or 0-1); named after its type

Options:
  --dataset NAME         the dataset
  --dataset-version N    its version (default: the latest)
  --prompt NAME          the prompt
  --version N            the prompt version (or --label LABEL; default: production)
  --model PROVIDER/MODEL run with this model instead of the version's (e.g. openai/gpt-4o)
  --concurrency N        items at once (default 8, at most ${MAX_EVAL_CONCURRENCY})
  --rpm N                at most N model requests a minute
  --name TEXT            a name for the run
${ACTOR_HELP}`,
  options: {
    dataset: { type: 'string' },
    'dataset-version': { type: 'string' },
    prompt: { type: 'string' },
    version: { type: 'string' },
    label: { type: 'string' },
    model: { type: 'string' },
    evaluators: { type: 'string' },
    evaluator: { type: 'string', multiple: true },
    concurrency: { type: 'string' },
    rpm: { type: 'string' },
    name: { type: 'string' },
    ...actorOption,
  },
  input: actorInput.extend({
    args: noArgs,
    dataset: datasetName,
    'dataset-version': count.pipe(versionNumber).optional(),
    prompt: promptName,
    version: count.pipe(versionNumber).optional(),
    label: labelName.optional(),
    model: model.optional(),
    evaluators: z.string().min(1).optional(),
    evaluator: z.array(z.string().min(1)).optional(),
    concurrency: count.pipe(z.number().min(1).max(MAX_EVAL_CONCURRENCY)).optional(),
    rpm: count.pipe(z.number().min(1)).optional(),
    name: z.string().max(200).optional(),
  }),
  run: async (input) => {
    if (input.version !== undefined && input.label !== undefined) throw new UsageError('give --version or --label, not both');
    if ((input.evaluators === undefined) === (input.evaluator === undefined)) throw new UsageError('give the evaluators: --evaluators FILE_OR_JSON or --evaluator TYPE (one of the two)');
    const evaluators = input.evaluators !== undefined ? evaluatorsFromJson(input.evaluators) : evaluatorsFromShorthand(input.evaluator!);
    // The lease is this process's: no server worker picks the run up while we work it.
    const owner = `cli:${os.hostname()}:${process.pid}:${newId().slice(-8)}`;
    const actor = cliActor(input.actor);
    const created = await createEvalRun(
      actor,
      {
        name: input.name ?? '',
        dataset: input.dataset,
        datasetVersion: input['dataset-version'],
        prompt: input.prompt,
        version: input.version,
        label: input.label,
        model: input.model,
        evaluators: evaluators as never,
        concurrency: input.concurrency,
        requestsPerMinute: input.rpm,
      },
      { leaseOwner: owner },
    );
    console.error(`eval run ${created.id}: ${created.prompt} v${created.version} on ${created.dataset} v${created.datasetVersion}, ${created.progress.total} items`);
    const progress = progressReporter();
    const cancel = () => {
      console.error('\ncancelling: items under way finish and are kept…');
      void cancelEvalRun(actor, created.id).catch(() => {});
    };
    process.once('SIGINT', cancel);
    let run: EvalRunView;
    try {
      run = await workEvalRun(created.id, { owner, onProgress: (p) => progress.update(p) });
    } finally {
      process.off('SIGINT', cancel);
      progress.finish();
    }
    console.log(runSummary(run));
    if (run.status === 'failed') throw new CommandFailed(`eval run ${run.id} failed${run.error ? `: ${run.error}` : ''}`);
    if (run.status === 'cancelled') throw new CommandFailed(`eval run ${run.id} was cancelled after ${run.progress.done} of ${run.progress.total} items`);
  },
});

/** An exact decimal without its trailing zeros: 0.0000330000 → 0.000033. */
const decimal = (s: string) => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);

function runSummary(run: EvalRunView): string {
  const rows = run.summary.map((s) => [
    s.name === COMPOSITE ? `${COMPOSITE} (weighted)` : s.name,
    String(s.n),
    s.mean === null ? '—' : s.mean.toFixed(3),
    s.passRate === null ? '—' : `${(s.passRate * 100).toFixed(1)}%`,
  ]);
  const latency = run.meanLatencyMs === null ? '—' : `${Math.round(run.meanLatencyMs)} ms`;
  return [
    table(['evaluator', 'n', 'mean', 'pass rate'], rows, new Set([0])),
    '',
    `items: ${run.progress.succeeded} succeeded, ${run.progress.failed} failed of ${run.progress.total}`,
    `cost: $${decimal(run.costUsd)} (judges $${decimal(run.judgeCostUsd)}), mean latency ${latency}`,
    `run: ${run.id} (${run.status})`,
  ].join('\n');
}

export const evalGate = defineCommand({
  name: 'eval gate',
  summary: "check a version against the prompt's eval gate (exit 1 when it does not pass): for CI",
  help: `Usage: npm run cli -- eval gate --prompt NAME --version N

Would moving production to version N pass the prompt's eval gate? Compares the newest
completed run of version N on the gate's dataset with that of the version in production
(both with their own model) and prints the verdict and why. When a run is missing, the
reason names the "eval run" command that makes it.
Exit code 0 when it passes, 1 when it does not (or the prompt has no gate), 2 bad arguments.

Options:
  --prompt NAME  the prompt
  --version N    the version that would go to production`,
  options: { prompt: { type: 'string' }, version: { type: 'string' } },
  input: z.object({ args: noArgs, prompt: promptName, version: count.pipe(versionNumber) }),
  run: async ({ prompt, version }) => {
    const result = await checkGate(prompt, version);
    const gate = await getGate(prompt);
    console.log(`${result.pass ? 'PASS' : 'FAIL'}  ${prompt} v${version} (production: ${result.productionVersion === null ? 'none' : `v${result.productionVersion}`}; ${result.dataset} v${result.datasetVersion})`);
    console.log(result.reason);
    if (gate && !gate.enabled) console.log('(The gate is disabled: moves of production are not checked until it is enabled.)');
    if (!result.pass) throw new CommandFailed(`the eval gate keeps v${version} of "${prompt}" out of production`);
  },
});

export const evalCompare = defineCommand({
  name: 'eval compare',
  summary: 'compare eval runs item by item (the first is the baseline)',
  help: `Usage: npm run cli -- eval compare BASELINE_RUN_ID RUN_ID [RUN_ID ...] [--alpha A]

Compares each run with the first, on the items both scored: per evaluator the means, their
difference with a bootstrap interval, the p-value of the verdict's test (McNemar for
pass/fail, Wilcoxon for scores), the p-value Holm-adjusted across evaluators, and the
verdict; then latency and cost, the cost projected over a month of production traffic.
The runs must be on the same dataset version.

Options:
  --alpha A  significance level (default 0.05)`,
  options: { alpha: { type: 'string' } },
  input: z.object({
    args: z.array(z.uuid('run ids are UUIDs')).min(2, 'takes at least two run ids').max(6, 'takes at most six run ids'),
    alpha: z.coerce.number().gt(0).lt(0.5).optional(),
  }),
  run: async ({ args, alpha }) => {
    console.log(formatComparison(await compareRuns(args, { alpha })));
  },
});

export const evalList = defineCommand({
  name: 'eval list',
  summary: 'list eval runs, newest first',
  help: `Usage: npm run cli -- eval list [--prompt NAME] [--dataset NAME] [--status STATUS] [--limit N]

One line a run: id, status, prompt version, dataset version, progress, the mean of each
evaluator and when it was created.

Options:
  --prompt NAME     only this prompt's runs
  --dataset NAME    only runs on this dataset
  --status STATUS   queued, running, completed, cancelled or failed
  --limit N         at most N runs (default 50)`,
  options: { prompt: { type: 'string' }, dataset: { type: 'string' }, status: { type: 'string' }, limit: { type: 'string' } },
  input: z.object({
    args: noArgs,
    prompt: promptName.optional(),
    dataset: datasetName.optional(),
    status: evalRunStatus.optional(),
    limit: count.pipe(z.number().min(1).max(200)).optional(),
  }),
  run: async (query) => {
    const runs = await listEvalRuns(query);
    if (runs.length === 0) {
      console.log('No eval runs.');
      return;
    }
    const rows = runs.map((r) => [
      r.id,
      r.status,
      `${r.prompt} v${r.version}${r.modelOverride ? ` (${String(r.modelOverride.model ?? 'model override')})` : ''}`,
      `${r.dataset} v${r.datasetVersion}`,
      `${r.progress.done}/${r.progress.total}`,
      r.summary.map((s) => `${s.name} ${s.mean === null ? '—' : s.mean.toFixed(2)}`).join(', '),
      r.createdAt.slice(0, 16).replace('T', ' '),
    ]);
    console.log(table(['run', 'status', 'prompt', 'dataset', 'done', 'means', 'created'], rows, new Set([0, 1, 2, 3, 5, 6])));
  },
});
