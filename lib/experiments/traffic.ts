// Runs planned visits against an experiment through a transport (the HTTP API for the
// simulator, the services in-process for the demo seed): resolve each visit with bounded
// concurrency, check that returning units keep their variant, and report the outcomes in
// batches. Failures are counted, never fatal: the report says what went wrong.
import { outcomesOf, type OutcomeModel, type Visit } from './simulation';

export type MetricItem = { executionId: string; name: string; value: number };

export type TrafficTransport = {
  /** Resolves the prompt for the visit's unit; `variant` is null when the unit is outside the experiment. */
  resolve: (visit: Visit) => Promise<{ executionId: string; variant: string | null }>;
  recordMetrics: (items: MetricItem[]) => Promise<void>;
};

export type TrafficProgress = { done: number; total: number; errors: number; elapsedMs: number };

export type TrafficOptions = {
  visits: Visit[];
  model: OutcomeModel;
  concurrency?: number;
  /** Items per metrics call (the API takes at most 1,000). */
  batchSize?: number;
  /** Called each time another tenth of the visits is done. */
  onProgress?: (progress: TrafficProgress) => void;
  /** How many failure messages to keep. */
  keepErrors?: number;
};

export type VariantTally = { executions: number; units: number; outcomes: Record<string, { n: number; sum: number }> };

export type StickinessViolation = { unitId: string; first: string | null; then: string | null };

export type TrafficReport = {
  resolves: number;
  metricCalls: number;
  metricItems: number;
  variants: Record<string, VariantTally>;
  /** Executions served outside the experiment (coverage, or the experiment stopped running). */
  outside: number;
  repeats: number;
  violations: StickinessViolation[];
  errors: number;
  firstErrors: string[];
  elapsedMs: number;
};

export async function runTraffic(transport: TrafficTransport, options: TrafficOptions): Promise<TrafficReport> {
  const { visits, model, concurrency = 8, batchSize = 1_000, keepErrors = 5 } = options;
  const started = performance.now();
  const report: TrafficReport = {
    resolves: 0,
    metricCalls: 0,
    metricItems: 0,
    variants: {},
    outside: 0,
    repeats: 0,
    violations: [],
    errors: 0,
    firstErrors: [],
    elapsedMs: 0,
  };
  const fail = (error: unknown) => {
    report.errors++;
    if (report.firstErrors.length < keepErrors) report.firstErrors.push(error instanceof Error ? error.message : String(error));
  };
  const assigned = new Map<string, string | null>();
  const pending: MetricItem[] = [];
  const step = Math.max(1, Math.ceil(visits.length / 10));
  let done = 0;

  const post = async (items: MetricItem[]) => {
    try {
      await transport.recordMetrics(items);
      report.metricCalls++;
      report.metricItems += items.length;
    } catch (error) {
      fail(error);
    }
  };

  const visit = async (v: Visit) => {
    try {
      const { executionId, variant } = await transport.resolve(v);
      report.resolves++;
      if (v.repeat) report.repeats++;
      const first = assigned.get(v.unitId);
      if (first === undefined) assigned.set(v.unitId, variant);
      else if (first !== variant) report.violations.push({ unitId: v.unitId, first, then: variant });
      if (variant === null) {
        report.outside++;
        return;
      }
      const tally = (report.variants[variant] ??= { executions: 0, units: 0, outcomes: {} });
      tally.executions++;
      if (first === undefined) tally.units++;
      for (const outcome of outcomesOf(model, variant, v)) {
        const sums = (tally.outcomes[outcome.name] ??= { n: 0, sum: 0 });
        sums.n++;
        sums.sum += outcome.value;
        pending.push({ executionId, ...outcome });
      }
      if (pending.length >= batchSize) await post(pending.splice(0, batchSize));
    } catch (error) {
      fail(error);
    } finally {
      done++;
      if (options.onProgress && (done % step === 0 || done === visits.length)) {
        options.onProgress({ done, total: visits.length, errors: report.errors, elapsedMs: performance.now() - started });
      }
    }
  };

  let next = 0;
  const worker = async () => {
    while (next < visits.length) await visit(visits[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, visits.length)) }, worker));
  while (pending.length > 0) await post(pending.splice(0, batchSize));
  report.elapsedMs = performance.now() - started;
  return report;
}
