import type { EvalScore } from '@/db/schema';
import type { EvaluatorSpec } from '../schemas';

/** A score on 0–1: binary, 0–1 and similarity scores as they are; a 1–5 rating as (s − 1) / 4. */
export function normalised(spec: EvaluatorSpec, score: number): number {
  return spec.type === 'judge' && spec.scale === '1-5' ? (score - 1) / 4 : score;
}

/** Weighted mean of the normalised scores of the evaluators that scored; null when none did (or all weigh 0). */
export function composite(specs: EvaluatorSpec[], scores: Record<string, EvalScore>): number | null {
  let total = 0;
  let weights = 0;
  for (const spec of specs) {
    const score = scores[spec.name]?.score;
    if (score === null || score === undefined) continue;
    const weight = spec.weight ?? 1;
    total += weight * normalised(spec, score);
    weights += weight;
  }
  return weights > 0 ? total / weights : null;
}
