// The traffic model shared by the simulator (`npm run cli -- simulate`) and the demo seed: who
// comes (new units, and returning ones that must get their first variant again), what they
// send, and how they convert. Everything is drawn from a seeded generator, so a run repeats
// exactly; each visit carries its own draws, so outcomes do not depend on the order in which
// answers arrive.
import type { VariableSpec } from '@/db/schema';

export type Random = () => number;

/** mulberry32: small, fast and well spread; for simulated traffic, never for secrets. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A standard normal draw (Box–Muller). */
export function standardNormal(random: Random): number {
  const u = 1 - random(); // in (0, 1]: log(0) is not a number
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

export type Visit = {
  index: number;
  unitId: string;
  /** The unit came before: it must be served the variant it got then. */
  repeat: boolean;
  /** Uniform draw that decides the binary outcome, and normal draw for the continuous one. */
  uniform: number;
  normal: number;
};

export type VisitPlan = { units: number; repeatShare?: number; seed: number; unitPrefix?: string };

/**
 * `units` distinct units, plus returning visits so that `repeatShare` of all visits (default
 * 20%) come from a unit seen before. The counts are exact; the order is random.
 */
export function planVisits({ units, repeatShare = 0.2, seed, unitPrefix = `user-${seed}-` }: VisitPlan): Visit[] {
  const random = seededRandom(seed);
  const repeats = repeatShare > 0 && repeatShare < 1 ? Math.round((units * repeatShare) / (1 - repeatShare)) : 0;
  const visits: Visit[] = [];
  let seen = 0;
  let repeatsLeft = repeats;
  for (let index = 0; index < units + repeats; index++) {
    const newLeft = units - seen;
    const repeat = seen > 0 && (newLeft === 0 || random() < repeatsLeft / (newLeft + repeatsLeft));
    const unit = repeat ? Math.floor(random() * seen) : seen++;
    if (repeat) repeatsLeft--;
    visits.push({ index, unitId: `${unitPrefix}${unit}`, repeat, uniform: random(), normal: standardNormal(random) });
  }
  return visits;
}

export type OutcomeModel = {
  /** A binary metric (conversion, resolved …): 1 with the variant's rate, else 0. */
  binary?: { metric: string; rates: Record<string, number> };
  /** A continuous metric (latency, rating …): normal around the variant's mean, never below 0 when the mean is not. */
  continuous?: { metric: string; means: Record<string, number>; relativeSd?: number };
};

export type Outcome = { name: string; value: number };

/** What the visit reports for the variant it was served; nothing for a variant the model does not know. */
export function outcomesOf(model: OutcomeModel, variant: string, visit: Visit): Outcome[] {
  const outcomes: Outcome[] = [];
  const rate = model.binary?.rates[variant];
  if (model.binary && rate !== undefined) outcomes.push({ name: model.binary.metric, value: visit.uniform < rate ? 1 : 0 });
  const mean = model.continuous?.means[variant];
  if (model.continuous && mean !== undefined) {
    const sd = Math.abs(mean) * (model.continuous.relativeSd ?? 0.25);
    const value = mean + sd * visit.normal;
    outcomes.push({ name: model.continuous.metric, value: Math.round((mean >= 0 ? Math.max(0, value) : value) * 100) / 100 });
  }
  return outcomes;
}

// Values a support or content application would send, by variable name; anything else gets a
// value of its declared type.
const samples: Record<string, unknown[]> = {
  company: ['Acme', 'Globex', 'Initech'],
  customer_name: ['Ana', 'Bo', 'Chidi', 'Dana', 'Eitan', 'Fatima'],
  ticket: [
    'I was charged twice for my subscription this month.',
    'The app crashes when I open the settings page.',
    'How do I change the email address on my account?',
    'My order arrived damaged, can I get a replacement?',
  ],
  ticket_id: ['48213', '48214', '48230', '48277'],
  orders: [[{ id: 'A-1001', status: 'shipped' }], [{ id: 'A-1002', status: 'delivered' }, { id: 'A-0977', status: 'refunded' }]],
  text: ['Verso keeps every version of a prompt and tells, with honest statistics, which one works better.'],
  audience: ['engineers', 'executives', 'the support team'],
  queues: [['billing', 'bug', 'account', 'other']],
  question: ['How many orders shipped last week?', 'Which customers churned in March?'],
  schema: ['orders(id, customer_id, status, created_at)\ncustomers(id, name, country)'],
};

function fits(type: VariableSpec['type'], value: unknown): boolean {
  if (type === 'json') return true;
  if (type === 'number') return Number.isFinite(Number(value));
  if (type === 'boolean') return typeof value === 'boolean';
  return typeof value !== 'object';
}

function valueOfType(spec: VariableSpec, random: Random): unknown {
  switch (spec.type) {
    case 'number':
      return Math.floor(random() * 10) + 1;
    case 'boolean':
      return random() < 0.5;
    case 'json':
      return [`${spec.name}-${Math.floor(random() * 100)}`];
    default:
      return `${spec.name.replace(/_/g, ' ')} ${Math.floor(random() * 1000)}`;
  }
}

/** Values for the declared variables: every required one, and each optional one half of the time. */
export function plausibleVariables(specs: VariableSpec[], random: Random): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const spec of specs) {
    if (!spec.required && random() < 0.5) continue;
    const choices = samples[spec.name]?.filter((v) => fits(spec.type, v));
    values[spec.name] = choices?.length ? choices[Math.floor(random() * choices.length)] : valueOfType(spec, random);
  }
  return values;
}

/** The variables of several versions in one list: required when any version requires it. */
export function unionOfVariables(lists: VariableSpec[][]): VariableSpec[] {
  const byName = new Map<string, VariableSpec>();
  for (const spec of lists.flat()) {
    const seen = byName.get(spec.name);
    byName.set(spec.name, seen ? { ...seen, required: seen.required || spec.required } : spec);
  }
  return [...byName.values()];
}
