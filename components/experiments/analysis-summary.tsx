import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import type { ExperimentResults } from '@/lib/experiments/results';
import { describeMethod, MethodBadge, type MethodInfo } from './analysis-method';
import { count } from './figures';

type Analysed = Pick<ExperimentResults, 'analysis' | 'experiment' | 'sampleSizeReached'>;

export function methodInfoOfResults({ analysis, experiment }: Analysed): MethodInfo {
  return {
    method: analysis.method,
    alpha: experiment.alpha,
    minSampleSize: experiment.minSampleSize,
    tuningParameter: analysis.tuningParameter,
    lossThreshold: analysis.lossThreshold,
  };
}

/** A fixed-horizon test read before every variant reached its planned sample: nothing in it is final. */
export function isProvisional({ analysis, sampleSizeReached }: Pick<Analysed, 'analysis' | 'sampleSizeReached'>): boolean {
  return analysis.method === 'frequentist' && !sampleSizeReached;
}

/** Above the metric tables: how they are decided (the method's badge and rule), what n counts, and whether they are final. */
export function AnalysisSummary({ results }: { results: Analysed }) {
  const info = methodInfoOfResults(results);
  const { detail } = describeMethod(info);
  return (
    <div className="space-y-2" data-testid="analysis-summary">
      <p className="flex flex-wrap items-center gap-2 text-sm">
        <MethodBadge info={info} testId="analysis-method" />
        <span className="text-muted-foreground">{detail}</span>
      </p>
      {isProvisional(results) && (
        <Alert variant="warning" data-testid="not-final">
          <AlertTitle>Not final yet</AlertTitle>
          <AlertDescription>
            This is a fixed-horizon test and not every variant has reached its planned {count(results.experiment.minSampleSize)} units. Its p-values
            and intervals are valid only at the planned sample: a difference seen now is not final, so the verdicts below say “not final” instead of
            better or worse.
          </AlertDescription>
        </Alert>
      )}
      <p className="text-xs text-muted-foreground" data-testid="analysis-note">
        {results.analysis.note}
      </p>
    </div>
  );
}
