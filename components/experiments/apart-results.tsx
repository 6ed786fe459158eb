import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import type { ExperimentResults } from '@/lib/experiments/results';
import { count, pStatement } from './figures';
import { MetricTable } from './metric-table';

type Props = {
  apart: NonNullable<ExperimentResults['apart']>;
  experiment: Pick<ExperimentResults['experiment'], 'alpha' | 'method' | 'minSampleSize'>;
};

/**
 * The population the decision leaves out (executions without a unitId, usually), with its own
 * small tables: randomised per request, it is analysed on its own and never pooled with units.
 */
export function ApartResults({ apart, experiment }: Props) {
  const requests = apart.population === 'requests';
  const noun = requests ? 'requests' : 'units';
  const title = requests ? 'Executions without a unitId' : 'Executions with a unitId';
  return (
    <section className="space-y-3" aria-labelledby="apart-title" data-testid="apart-results">
      <div className="space-y-1">
        <h2 id="apart-title" className="text-lg font-semibold">
          {title}
        </h2>
        <p className="text-sm text-muted-foreground" data-testid="apart-note">
          {apart.note}
        </p>
        <p className="text-xs text-muted-foreground tabular-nums" data-testid="apart-traffic">
          {apart.variants.map((v, i) => (
            <span key={v.key}>
              {i > 0 && ' · '}
              <span className="font-mono">{v.key}</span> {count(v.units)} {noun}
            </span>
          ))}
        </p>
      </div>
      {apart.srm.mismatch && (
        <Alert variant="warning">
          <AlertTitle>Sample ratio mismatch here ({pStatement(apart.srm.pValue)})</AlertTitle>
          <AlertDescription>These {noun} did not split by the variants’ weights: their effects below cannot be trusted.</AlertDescription>
        </Alert>
      )}
      {apart.metrics.map((m) => (
        <MetricTable
          key={m.metric.name}
          result={m}
          variants={apart.variants}
          alpha={experiment.alpha}
          method={experiment.method}
          population={apart.population}
          provisional={experiment.method === 'frequentist' && !apart.sampleSizeReached}
          idPrefix="apart-"
        />
      ))}
    </section>
  );
}
