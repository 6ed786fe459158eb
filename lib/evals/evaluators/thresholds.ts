import type { EvalScore } from '@/db/schema';
import type { EvaluatorSpec } from '../schemas';
import { EvaluatorFailure, verdict } from './outcome';

type Spec<T extends EvaluatorSpec['type']> = Extract<EvaluatorSpec, { type: T }>;

/** The item's own model call, as measured by the run (the judges' calls do not count). */
export function latency(spec: Spec<'latency'>, latencyMs: number): EvalScore {
  const pass = latencyMs <= spec.maxMs;
  return verdict(pass, `${latencyMs} ms${pass ? ' ≤ ' : ' > '}${spec.maxMs} ms`);
}

export function cost(spec: Spec<'cost'>, costUsd: string | null): EvalScore {
  if (costUsd === null) throw new EvaluatorFailure('no price known for the model: add it to the model catalog');
  // The cost is exact to 1e-10 USD; a double holds that many digits for any cost a call can reach.
  const pass = Number(costUsd) <= spec.maxUsd;
  return verdict(pass, `$${costUsd}${pass ? ' ≤ ' : ' > '}$${spec.maxUsd}`);
}
