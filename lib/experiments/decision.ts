// Constants of the decision rules, in a module without I/O so the console's client components
// read the same numbers the analysis uses.

/** GrowthBook's default "acceptable risk": shipping may cost at most 0.25% of the control's value. */
export const BAYESIAN_LOSS_THRESHOLD = 0.0025;
