// A/A traffic with repeat users, for the false-positive simulations (aa-simulation.ts). Users
// call 1 to 10 times (uniform), and their calls are correlated: each user has a latent
// propensity, so a user who converts once tends to convert again. That correlation is what
// makes counting executions as independent observations overstate the evidence: with an
// intra-user correlation ρ and E[m²]/E[m] = 7 calls, the variance is 1 + 6ρ times what a
// per-execution test assumes (8.6% false positives at ρ = 0.05, 16.8% at ρ = 0.17).
import { standardNormal, type Random } from './simulation';
import type { ExecutionInput } from './unit-aggregation';

export type AaTraffic = {
  units: number;
  /** Calls per user, uniform from 1 to this. */
  maxCalls: number;
  /** Users arrive uniformly over this many days; their other calls follow within a week. */
  days: number;
  binary: { metric: string; rate: number; icc: number };
  /** A value on a share of the calls: mean + user effect (variance icc·sd²) + call noise. */
  continuous: { metric: string; mean: number; sd: number; icc: number; reportShare: number };
};

export const AA_VARIANTS = ['control', 'b'] as const;

/** Marsaglia and Tsang's gamma draw; shapes below 1 through Gamma(a + 1)·U^(1/a). */
function gamma(random: Random, shape: number): number {
  if (shape < 1) return gamma(random, shape + 1) * Math.pow(1 - random(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = standardNormal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - random();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/**
 * Beta with mean `mean` and intra-class correlation `icc`: Beta(μκ, (1 − μ)κ) with κ = 1/icc − 1.
 * Bernoulli draws at a user's rate p then correlate exactly `icc` within the user.
 */
export function betaDraw(random: Random, mean: number, icc: number): number {
  const kappa = 1 / icc - 1;
  const a = gamma(random, mean * kappa);
  const b = gamma(random, (1 - mean) * kappa);
  return a / (a + b);
}

/**
 * One A/A experiment, user by user: each assigned 50/50 by a fair coin, both arms behaving
 * alike. `visit` hears every execution with the day of its call (days since the start).
 */
export function aaTraffic(random: Random, traffic: AaTraffic, visit: (execution: ExecutionInput, day: number) => void): void {
  const { binary, continuous } = traffic;
  const userSd = continuous.sd * Math.sqrt(continuous.icc);
  const callSd = continuous.sd * Math.sqrt(1 - continuous.icc);
  for (let u = 0; u < traffic.units; u++) {
    const variant = random() < 0.5 ? AA_VARIANTS[0] : AA_VARIANTS[1];
    const unitId = `user-${u}`;
    const calls = 1 + Math.floor(random() * traffic.maxCalls);
    const rate = betaDraw(random, binary.rate, binary.icc);
    const level = continuous.mean + userSd * standardNormal(random);
    const arrival = random() * traffic.days;
    const span = Math.min(7, traffic.days - arrival);
    for (let k = 0; k < calls; k++) {
      const metrics: Record<string, number> = { [binary.metric]: random() < rate ? 1 : 0 };
      if (random() < continuous.reportShare) metrics[continuous.metric] = level + callSd * standardNormal(random);
      visit({ variant, unitId, metrics }, k === 0 ? arrival : arrival + random() * span);
    }
  }
}

/** The experiment's executions by day of call: [0] the first day's, and so on. */
export function aaTrafficByDay(random: Random, traffic: AaTraffic): ExecutionInput[][] {
  const days: ExecutionInput[][] = Array.from({ length: Math.ceil(traffic.days) }, () => []);
  aaTraffic(random, traffic, (execution, day) => days[Math.min(days.length - 1, Math.floor(day))]!.push(execution));
  return days;
}
