// Constants of the decision rules, in a module without I/O so the console's client components
// read the same numbers the analysis uses.

/** The "acceptable risk" of a Bayesian ship decision (a risk threshold in GrowthBook's style): shipping may be expected to cost at most 0.25% of the control's value. */
export const BAYESIAN_LOSS_THRESHOLD = 0.0025;
