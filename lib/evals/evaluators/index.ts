import type { NewExecution } from '@/db/queries/executions';
import type { EvalScore } from '@/db/schema';
import { VersoError } from '@/lib/api/errors';
import { sumDecimals } from '@/lib/models/money';
import { pinJudge, runJudge } from '../judge';
import type { EvaluatorSpec } from '../schemas';
import { composite } from './composite';
import { jsonSchema, jsonValid, validatorFor } from './json';
import { levenshtein } from './levenshtein';
import { numeric } from './numeric';
import { EvaluatorFailure, failed } from './outcome';
import { compilePattern, regex } from './pattern';
import { contains, exact, length } from './text';
import { cost, latency } from './thresholds';

export { composite, normalised } from './composite';

/** What evaluators see of one item after its model call. */
export type EvalContext = {
  /** The rendered prompt as text (chat messages as `role: content` lines): a judge's `{{ input }}`. */
  input: string;
  output: string;
  expected: unknown;
  variables: Record<string, unknown>;
  latencyMs: number;
  costUsd: string | null;
  /** For the judges' executions: which run and item they belong to. */
  runId: string;
  position: number;
};

export type ItemScores = {
  scores: Record<string, EvalScore>;
  /** Weighted mean of the normalised scores (0–1), over evaluators that scored; null if none did. */
  composite: number | null;
  /** What the judge calls cost (null when no judge ran or no price is known). */
  judgeCostUsd: string | null;
  /** The judges' calls, as executions (source 'eval') to be written with the item's own. */
  judgeExecutions: NewExecution[];
};

type Scored = { score: EvalScore; execution: NewExecution | null };

async function evaluate(spec: EvaluatorSpec, ctx: EvalContext): Promise<Scored> {
  const plain = (score: EvalScore): Scored => ({ score, execution: null });
  switch (spec.type) {
    case 'exact':
      return plain(exact(spec, ctx.output, ctx.expected));
    case 'contains':
      return plain(contains(spec, ctx.output, ctx.expected));
    case 'regex':
      return plain(regex(spec, ctx.output));
    case 'json_valid':
      return plain(jsonValid(ctx.output));
    case 'json_schema':
      return plain(jsonSchema(spec, ctx.output));
    case 'numeric':
      return plain(numeric(spec, ctx.output, ctx.expected));
    case 'length':
      return plain(length(spec, ctx.output));
    case 'levenshtein':
      return plain(levenshtein(spec, ctx.output, ctx.expected));
    case 'latency':
      return plain(latency(spec, ctx.latencyMs));
    case 'cost':
      return plain(cost(spec, ctx.costUsd));
    case 'judge':
      return runJudge(spec, ctx);
  }
}

/** Runs every evaluator on one item; a failing evaluator gives a null score with its error, never throws. */
export async function scoreItem(specs: EvaluatorSpec[], ctx: EvalContext): Promise<ItemScores> {
  // Side by side: judges are calls, and an item should wait for its slowest judge, not their sum.
  const outcomes = await Promise.all(
    specs.map(async (spec): Promise<Scored> => {
      try {
        return await evaluate(spec, ctx);
      } catch (error) {
        if (!(error instanceof EvaluatorFailure || error instanceof VersoError)) console.error(`[verso] evaluator "${spec.name}" failed`, error);
        return { score: failed(error instanceof Error ? error.message : String(error)), execution: null };
      }
    }),
  );
  const scores: Record<string, EvalScore> = {};
  specs.forEach((spec, i) => (scores[spec.name] = outcomes[i]!.score));
  const judgeExecutions = outcomes.flatMap((o) => (o.execution ? [o.execution] : []));
  return {
    scores,
    composite: composite(specs, scores),
    judgeCostUsd: sumDecimals(judgeExecutions.map((e) => e.costUsd)),
    judgeExecutions,
  };
}

/**
 * At run creation, before any call: checks what can be checked (a 400 naming the evaluator: a
 * pattern or schema that does not compile, a judge prompt or version that does not exist, a judge
 * with no model) and pins each judge's label to its version, so the run is reproducible.
 */
export async function pinEvaluators(specs: EvaluatorSpec[]): Promise<EvaluatorSpec[]> {
  const pinned: EvaluatorSpec[] = [];
  for (const spec of specs) {
    try {
      if (spec.type === 'regex') compilePattern(spec.pattern, spec.flags);
      if (spec.type === 'json_schema') validatorFor(spec.schema);
    } catch (error) {
      if (!(error instanceof EvaluatorFailure)) throw error;
      throw new VersoError('invalid', `Evaluator "${spec.name}": ${error.message}`, { evaluator: spec.name });
    }
    pinned.push(spec.type === 'judge' ? await pinJudge(spec) : spec);
  }
  return pinned;
}

/** The evaluator's score as 0–1 for the composite, and whether comparisons treat it as pass/fail. */
export function kindOf(spec: EvaluatorSpec): 'binary' | 'score' {
  if (spec.type === 'levenshtein') return 'score';
  if (spec.type === 'judge') return spec.scale === 'binary' ? 'binary' : 'score';
  return 'binary';
}
