import { z } from 'zod';
import type { VariableSpec } from '@/db/schema';
import type { Resolved } from '@/lib/executions/resolve';
import { env } from '@/lib/env';
import type { ExperimentResults } from '@/lib/experiments/results';
import { experimentKey, metricName } from '@/lib/experiments/schemas';
import { planVisits, plausibleVariables, seededRandom, unionOfVariables, type OutcomeModel } from '@/lib/experiments/simulation';
import { runTraffic, type TrafficReport } from '@/lib/experiments/traffic';
import type { ExperimentView } from '@/lib/experiments/views';
import type { VersionView } from '@/lib/prompts/versions';
import { apiClient, RequestFailed, type ApiClient } from '../api-client';
import { CommandFailed, defineCommand, noArgs, UsageError } from '../command';

/** `a=0.1,b=0.12` → [['a', 0.1], ['b', 0.12]]. */
const pairList = (rule: string, check: (value: number) => boolean) =>
  z.string().transform((text, ctx) => {
    const pairs: [string, number][] = [];
    for (const part of text.split(',').map((p) => p.trim())) {
      const match = /^([a-z0-9][a-z0-9\-_.]*)=(.+)$/.exec(part);
      const value = match ? Number(match[2]) : NaN;
      if (!match || !Number.isFinite(value) || !check(value)) {
        ctx.addIssue({ code: 'custom', message: `"${part}" is not ${rule}` });
        return z.NEVER;
      }
      pairs.push([match[1]!, value]);
    }
    return pairs;
  });

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const simulate = defineCommand({
  name: 'simulate',
  summary: 'send simulated users to a running experiment over the HTTP API',
  help: `Usage: npm run cli -- simulate --experiment KEY --units N --rates control=0.10,b=0.12
         [--continuous latency_ms=800,b=700] [--metric NAME] [--concurrency C] [--seed S]
         [--url URL] [--key KEY]

Drives a running server through its REST API, as an application would: reads the experiment
and its prompt's variables, then for N users resolves the prompt (about 20% of the requests are
users coming back, and each must get the variant it got before), and reports outcomes through
POST /api/v1/metrics in batches of up to 1,000. Prints progress and a summary; exits 1 when
any request failed or a returning user changed variant. It never opens the database.

Options:
  --experiment KEY     a running experiment
  --units N            distinct users (the requests are about N / 0.8)
  --rates LIST         the binary metric's rate per variant, every variant: control=0.10,b=0.12
  --metric NAME        the binary metric to report (default: the experiment's primary metric)
  --continuous LIST    also report a continuous metric: NAME=MEAN for every variant, then
                       VARIANT=MEAN to differ (normal values, sd 25% of the mean)
  --concurrency C      requests in flight at once (default 8)
  --seed S             seed of the users and outcomes (default 1): the same seed, the same run
  --url URL            the server (default http://localhost:$PORT)
  --key KEY            an API key, service role or higher (default $VERSO_API_KEY)`,
  options: {
    experiment: { type: 'string' },
    units: { type: 'string' },
    rates: { type: 'string' },
    metric: { type: 'string' },
    continuous: { type: 'string' },
    concurrency: { type: 'string' },
    seed: { type: 'string' },
    url: { type: 'string' },
    key: { type: 'string' },
  },
  input: z.object({
    args: noArgs,
    experiment: experimentKey,
    units: integer(1, 10_000_000),
    rates: pairList('VARIANT=RATE with a rate from 0 to 1', (r) => r >= 0 && r <= 1),
    metric: metricName.optional(),
    continuous: pairList('NAME=MEAN', () => true).optional(),
    concurrency: integer(1, 256).default(8),
    seed: integer(0, 2 ** 32 - 1).default(1),
    url: z.url().optional(),
    key: z.string().min(1).optional(),
  }),
  database: false,
  run: async (input) => {
    const config = env();
    const key = input.key ?? config.VERSO_API_KEY;
    if (!key) throw new UsageError('--key is required (or set VERSO_API_KEY)');
    const api = apiClient(input.url ?? `http://localhost:${config.PORT}`, key);
    const experiment = await api.get<ExperimentView>(`/api/v1/experiments/${encodeURIComponent(input.experiment)}`);
    if (experiment.status !== 'running') {
      throw new CommandFailed(`Experiment "${experiment.key}" is ${experiment.status}: only a running experiment assigns variants. Start it first.`);
    }
    const model = outcomeModel(experiment, input);
    const variables = await declaredVariables(api, experiment);
    const visits = planVisits({ units: input.units, seed: input.seed });
    const random = seededRandom(input.seed + 1);
    const prompt = encodeURIComponent(experiment.prompt);
    const count = (n: number) => n.toLocaleString('en-US');

    console.log(
      `Simulating ${count(input.units)} users (${count(visits.length)} requests, ${count(visits.filter((v) => v.repeat).length)} of them returning) ` +
        `on experiment ${experiment.key} (prompt ${experiment.prompt}: ${experiment.variants.map((v) => `${v.key} v${v.version}`).join(', ')})`,
    );
    console.log(`against ${api.url}, ${input.concurrency} at a time, seed ${input.seed}.`);
    const report = await runTraffic(
      {
        resolve: async (visit) => {
          const r = await api.post<Resolved>(`/api/v1/prompts/${prompt}/resolve`, { unitId: visit.unitId, variables: plausibleVariables(variables, random) });
          return { executionId: r.executionId, variant: r.experiment?.key === experiment.key ? r.experiment.variant : null };
        },
        recordMetrics: async (items) => {
          await api.post('/api/v1/metrics', { items });
        },
      },
      {
        visits,
        model,
        concurrency: input.concurrency,
        onProgress: (p) =>
          console.log(
            `  ${String(Math.round((100 * p.done) / p.total)).padStart(3)}%  ${count(p.done).padStart(String(count(p.total)).length)}/${count(p.total)} resolves` +
              `  ${count(p.errors)} errors  ${count(Math.round(p.done / (p.elapsedMs / 1000)))} req/s`,
          ),
      },
    );
    printSummary(experiment, model, report);
    await printRecommendation(api, experiment.key);
    const problems = [
      report.errors > 0 ? `${count(report.errors)} request${report.errors === 1 ? '' : 's'} failed` : '',
      report.violations.length > 0 ? `${count(report.violations.length)} returning user(s) got another variant` : '',
    ].filter(Boolean);
    if (problems.length > 0) throw new CommandFailed(problems.join('; '));
  },
});

type Input = { rates: [string, number][]; metric?: string; continuous?: [string, number][] };

/** The outcome model, checked against the experiment: every variant needs its rate. */
function outcomeModel(experiment: ExperimentView, input: Input): OutcomeModel {
  const variants = experiment.variants.map((v) => v.key);
  const rates = Object.fromEntries(input.rates);
  const unknown = Object.keys(rates).filter((k) => !variants.includes(k));
  const missing = variants.filter((k) => rates[k] === undefined);
  if (unknown.length > 0 || missing.length > 0) {
    const problem = unknown.length > 0 ? `it has no variant ${unknown.join(', ')}` : `no rate for ${missing.join(', ')}`;
    throw new UsageError(`--rates: experiment ${experiment.key} has variants ${variants.join(', ')}; ${problem}`);
  }
  const primary = experiment.primaryMetric;
  if (!input.metric && primary.type !== 'binary') {
    throw new UsageError(`the primary metric ${primary.name} is continuous: give its means with --continuous ${primary.name}=…, and the binary metric for --rates with --metric`);
  }
  const model: OutcomeModel = { binary: { metric: input.metric ?? primary.name, rates } };
  if (input.continuous) {
    const [[metric, mean], ...overrides] = input.continuous as [[string, number], ...[string, number][]];
    const bad = overrides.filter(([k]) => !variants.includes(k)).map(([k]) => k);
    if (bad.length > 0) throw new UsageError(`--continuous: experiment ${experiment.key} has no variant ${bad.join(', ')}`);
    model.continuous = { metric, means: { ...Object.fromEntries(variants.map((v) => [v, mean])), ...Object.fromEntries(overrides) } };
  }
  return model;
}

/** Every variable any served version declares (a variant's, or production's for users outside coverage). */
async function declaredVariables(api: ApiClient, experiment: ExperimentView): Promise<VariableSpec[]> {
  const prompt = encodeURIComponent(experiment.prompt);
  const versions = await Promise.all(experiment.variants.map((v) => api.get<VersionView>(`/api/v1/prompts/${prompt}?version=${v.version}`)));
  if (experiment.coverage < 1) {
    const production = await api.get<VersionView>(`/api/v1/prompts/${prompt}?label=production`).catch((error) => {
      if (error instanceof RequestFailed && error.status === 404) return undefined;
      throw error;
    });
    if (production) versions.push(production);
  }
  return unionOfVariables(versions.map((v) => v.variables));
}

function printSummary(experiment: ExperimentView, model: OutcomeModel, report: TrafficReport) {
  const count = (n: number) => n.toLocaleString('en-US');
  const seconds = report.elapsedMs / 1000;
  const requests = report.resolves + report.metricCalls + report.errors;
  console.log(
    `\nDone in ${seconds.toFixed(1)} s: ${count(report.resolves)} resolves and ${count(report.metricCalls)} metrics calls ` +
      `(${count(report.metricItems)} values), ${count(report.errors)} errors; ${count(Math.round(requests / seconds))} req/s.`,
  );
  const binary = model.binary!;
  const continuous = model.continuous;
  const rows = [
    ['variant', 'version', 'executions', 'users', `${binary.metric} observed (given)`, ...(continuous ? [`${continuous.metric} mean (given)`] : [])],
    ...experiment.variants.map((v) => {
      const tally = report.variants[v.key];
      const b = tally?.outcomes[binary.metric];
      const c = continuous ? tally?.outcomes[continuous.metric] : undefined;
      return [
        v.key,
        `v${v.version}`,
        count(tally?.executions ?? 0),
        count(tally?.units ?? 0),
        `${b && b.n > 0 ? `${((100 * b.sum) / b.n).toFixed(1)}%` : '–'} (${(100 * binary.rates[v.key]!).toFixed(1)}%)`,
        ...(continuous ? [`${c && c.n > 0 ? (c.sum / c.n).toFixed(1) : '–'} (${continuous.means[v.key]})`] : []),
      ];
    }),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const row of rows) console.log(`  ${row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ')}`.trimEnd());
  if (report.outside > 0) console.log(`  ${count(report.outside)} requests were served outside the experiment (coverage, or it stopped running).`);
  console.log(
    report.violations.length === 0
      ? `Stickiness: ${count(report.repeats)} returning requests, each got the user's first variant.`
      : `Stickiness VIOLATED for ${count(report.violations.length)} returning requests, e.g. ${report.violations
          .slice(0, 3)
          .map((v) => `${v.unitId}: ${v.first} then ${v.then}`)
          .join('; ')}`,
  );
  if (report.errors > 0) {
    console.log(`First errors:`);
    for (const message of report.firstErrors) console.log(`  ${message}`);
  }
}

async function printRecommendation(api: ApiClient, key: string) {
  try {
    const results = await api.get<ExperimentResults>(`/api/v1/experiments/${encodeURIComponent(key)}/results`);
    console.log(`Results now: ${results.recommendation.text}`);
  } catch (error) {
    console.log(`Results could not be read: ${(error as Error).message}`);
  }
}
