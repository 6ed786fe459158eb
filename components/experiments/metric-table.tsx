import { Badge } from '@/components/ui/badge';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { Comparison, MetricResult, MetricSummary } from '@/lib/experiments/results';
import { EffectChart, type EffectBar } from './effect-chart';
import { amount, count, estimate, percent, pStatement, pValue, signedAmount, signedPercent } from './figures';

type Method = 'frequentist' | 'sequential' | 'bayesian';

type Props = {
  result: MetricResult;
  variants: { key: string; control: boolean; version: number }[];
  alpha: number;
  method?: Method;
  /** What n counts: units (unitIds), or requests when no execution carries a unitId. */
  population?: 'units' | 'requests';
  /** A fixed-horizon test read before its planned sample: no verdict is final yet. */
  provisional?: boolean;
  /** Prefixes ids and data-testids, so that a second table of the same metric (the apart population) stays distinct. */
  idPrefix?: string;
};

function Estimate({ summary, metricType, noun }: { summary: MetricSummary | undefined; metricType: 'binary' | 'continuous'; noun: string }) {
  if (!summary) return <>—</>;
  if (summary.type === 'binary') {
    return (
      <span>
        {percent(summary.rate, 2)}
        <span className="block text-xs whitespace-nowrap text-muted-foreground tabular-nums">
          {count(summary.conversions)} / {count(summary.n)} {noun}
        </span>
      </span>
    );
  }
  if (summary.type === 'ratio') {
    return (
      <span>
        {estimate(metricType, summary.ratio)}
        <span className="block text-xs whitespace-nowrap text-muted-foreground tabular-nums">
          {amount(summary.numerator)} / {count(summary.denominator)} executions
        </span>
        <span className="block text-xs whitespace-nowrap text-muted-foreground tabular-nums">
          n {count(summary.n)} {noun}
        </span>
      </span>
    );
  }
  return (
    <span>
      {amount(summary.mean)}
      <span className="block text-xs whitespace-nowrap text-muted-foreground tabular-nums">
        n {count(summary.n)} {noun}
        {summary.variance !== null && ` · sd ${amount(Math.sqrt(summary.variance))}`}
      </span>
    </span>
  );
}

export function Verdict({ c, provisional = false }: { c: Comparison; provisional?: boolean }) {
  if (c.pValue === null) return <Badge variant="outline" title={c.reason ?? undefined}>not enough data</Badge>;
  if (provisional && (c.better || c.worse)) {
    return (
      <Badge variant="warning" title={`Looks ${c.better ? 'better' : 'worse'} now, but a fixed-horizon test is read only once every variant reaches its planned sample.`}>
        not final
      </Badge>
    );
  }
  if (c.better) return <Badge variant="success">better</Badge>;
  if (c.worse) return <Badge variant="destructive">worse</Badge>;
  return <Badge variant="outline">not significant</Badge>;
}

/** How each variant's value is built from the units' executions, in one sentence. */
function howMeasured(metric: MetricResult['metric'], noun: string): string {
  if (metric.per === 'execution') {
    return metric.type === 'binary'
      ? `Ratio metric: positive executions / executions, over all the ${noun}’ executions; its interval comes from the per-unit delta method, n = ${noun}.`
      : `Ratio metric: sum of values / executions that reported one, over all the ${noun}’ executions; its interval comes from the per-unit delta method, n = ${noun}.`;
  }
  if (metric.type === 'binary') return `Binary metric: the share of ${noun} with at least one positive value; n counts every ${noun.replace(/s$/, '')}.`;
  return metric.aggregate === 'sum'
    ? `Continuous metric: each ${noun.replace(/s$/, '')}’s sum of its values (0 without any), averaged over all ${noun}.`
    : `Continuous metric: each ${noun.replace(/s$/, '')}’s mean of its values, averaged over the ${noun} that reported one (n above).`;
}

function intervalCaption(method: Method | undefined, alpha: number): string {
  const level = `${Math.round((1 - alpha) * 100)}%`;
  if (method === 'sequential') return `Relative effect against the control with its ${level} always-valid (sequential) interval; an interval that does not cross 0 is significant.`;
  if (method === 'bayesian') return `Relative effect against the control with its ${level} interval; the Bayesian decision rests on the chance to beat the control and the expected loss.`;
  return `Relative effect against the control with its ${level} confidence interval; an interval that does not cross 0 is significant.`;
}

/** The relative effect with its interval under it. */
export function RelativeEffectCell({ c }: { c: Comparison }) {
  return (
    <TableCell className="text-right whitespace-nowrap tabular-nums">
      {signedPercent(c.relativeDiff)}
      {c.relativeCi && (
        <span className="block text-xs text-muted-foreground">
          [{signedPercent(c.relativeCi[0])}, {signedPercent(c.relativeCi[1])}]
        </span>
      )}
    </TableCell>
  );
}

/** One metric: each variant's rate or mean, and each treatment against the control, with the CI chart. */
export function MetricTable({ result, variants, alpha, method, population = 'units', provisional = false, idPrefix = '' }: Props) {
  const { metric, role, summaries, comparisons, withinTolerance } = result;
  const binary = metric.type === 'binary';
  const ratio = metric.per === 'execution';
  const noun = population === 'requests' ? 'requests' : 'units';
  const several = comparisons.length > 1;
  const guardrail = role === 'guardrail';
  const bars: EffectBar[] = comparisons
    .filter((c) => c.relativeDiff !== null && c.relativeCi !== null)
    .map((c) => ({ variant: c.variant, estimate: c.relativeDiff!, lo: c.relativeCi![0], hi: c.relativeCi![1], verdict: provisional ? 'none' : c.better ? 'better' : c.worse ? 'worse' : 'none' }));

  return (
    <section className="space-y-3 rounded-lg border p-3 sm:p-4" data-testid={`${idPrefix}metric-table-${metric.name}`} aria-labelledby={`${idPrefix}metric-${metric.name}`}>
      <div className="flex flex-wrap items-baseline gap-2">
        <h3 id={`${idPrefix}metric-${metric.name}`} className="font-mono font-semibold">
          {metric.name}
        </h3>
        <Badge variant={guardrail ? 'outline' : 'default'}>{guardrail ? 'guardrail' : 'primary'}</Badge>
        <span className="text-xs text-muted-foreground">
          {ratio ? `${metric.type} ratio per execution` : metric.type === 'continuous' && metric.aggregate === 'sum' ? 'continuous, sum per unit' : metric.type}, better when it{' '}
          {metric.direction === 'increase' ? 'goes up' : 'goes down'}
          {guardrail && metric.tolerance !== undefined && `; tolerates ${percent(metric.tolerance, 0)} worse`}
        </span>
      </div>
      {comparisons.length > 0 && (
        // On a phone the table scrolls sideways; the verdicts are repeated here so they are seen first.
        <ul className="grid gap-1 text-sm sm:hidden">
          {comparisons.map((c) => (
            <li key={c.variant} className="flex flex-wrap items-center gap-x-2 gap-y-1">
              <span className="font-mono">{c.variant}</span>
              <span className="tabular-nums">
                {signedPercent(c.relativeDiff)}
                {c.relativeCi && ` [${signedPercent(c.relativeCi[0])}, ${signedPercent(c.relativeCi[1])}]`}
              </span>
              <span className="text-xs text-muted-foreground">{pStatement(several ? c.adjustedPValue : c.pValue)}</span>
              <Verdict c={c} provisional={provisional} />
              {guardrail && withinTolerance?.[c.variant] === false && <Badge variant="destructive">beyond tolerance</Badge>}
            </li>
          ))}
        </ul>
      )}
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>Variant</TableHead>
            <TableHead className="text-right">{ratio ? 'Ratio' : binary ? 'Rate' : 'Mean'}</TableHead>
            <TableHead className="text-right">{binary ? 'Δ (points)' : 'Δ'}</TableHead>
            <TableHead className="text-right">Relative Δ [CI]</TableHead>
            <TableHead className="text-right">p-value</TableHead>
            {several && <TableHead className="text-right">Holm p</TableHead>}
            <TableHead className="text-right">Chance to beat</TableHead>
            <TableHead>Result</TableHead>
            {guardrail && <TableHead>Guardrail</TableHead>}
          </TableRow>
        </TableHeader>
        <TableBody>
          {variants.map((v) => {
            const c = comparisons.find((x) => x.variant === v.key);
            return (
              <TableRow key={v.key} data-testid={`${idPrefix}metric-row-${metric.name}-${v.key}`}>
                <TableCell className="font-mono whitespace-nowrap">
                  {v.key} <span className="text-xs text-muted-foreground">v{v.version}</span>
                  {v.control && (
                    <Badge variant="secondary" className="ml-1">
                      control
                    </Badge>
                  )}
                </TableCell>
                <TableCell className="text-right tabular-nums">
                  <Estimate summary={summaries[v.key]} metricType={metric.type} noun={noun} />
                </TableCell>
                {c ? (
                  <>
                    <TableCell className="text-right tabular-nums">{binary ? signedPercent(c.diff, 2).replace('%', ' pp') : signedAmount(c.diff)}</TableCell>
                    <RelativeEffectCell c={c} />
                    <TableCell className="text-right tabular-nums">{pValue(c.pValue)}</TableCell>
                    {several && <TableCell className="text-right tabular-nums">{pValue(c.adjustedPValue)}</TableCell>}
                    <TableCell className="text-right tabular-nums">{c.pValue === null ? '—' : percent(c.chanceToBeatControl)}</TableCell>
                    <TableCell>
                      <Verdict c={c} provisional={provisional} />
                    </TableCell>
                    {guardrail && (
                      <TableCell>
                        {withinTolerance?.[v.key] === false ? (
                          <Badge variant="destructive">beyond tolerance</Badge>
                        ) : (
                          <Badge variant="outline">within tolerance</Badge>
                        )}
                      </TableCell>
                    )}
                  </>
                ) : (
                  <TableCell colSpan={(several ? 6 : 5) + (guardrail ? 1 : 0)} className="text-xs text-muted-foreground">
                    the baseline the others are compared with
                  </TableCell>
                )}
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      {bars.length > 0 ? (
        <figure className="space-y-1">
          <figcaption className="text-xs text-muted-foreground">{intervalCaption(method, alpha)}</figcaption>
          <EffectChart bars={bars} testId={`${idPrefix}effect-chart-${metric.name}`} />
        </figure>
      ) : (
        <p className="text-xs text-muted-foreground">The confidence intervals appear once every variant has data.</p>
      )}
      <p className="text-xs text-muted-foreground">
        {howMeasured(metric, noun)}
        {several && ' With several treatments, significance uses Holm-adjusted p-values.'} Chance to beat the control is in the metric’s good direction.
      </p>
    </section>
  );
}
