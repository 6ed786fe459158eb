import { Badge } from '@/components/ui/badge';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { Comparison, MetricResult, MetricSummary } from '@/lib/experiments/results';
import { EffectChart, type EffectBar } from './effect-chart';
import { amount, count, percent, pStatement, pValue, signedAmount, signedPercent } from './figures';

type Props = { result: MetricResult; variants: { key: string; control: boolean; version: number }[]; alpha: number };

function Estimate({ summary }: { summary: MetricSummary | undefined }) {
  if (!summary) return <>—</>;
  if (summary.type === 'binary') {
    return (
      <span>
        {percent(summary.rate, 2)}
        <span className="block text-xs whitespace-nowrap text-muted-foreground tabular-nums">
          {count(summary.conversions)} / {count(summary.n)}
        </span>
      </span>
    );
  }
  return (
    <span>
      {amount(summary.mean)}
      <span className="block text-xs whitespace-nowrap text-muted-foreground tabular-nums">
        n {count(summary.n)}
        {summary.variance !== null && ` · sd ${amount(Math.sqrt(summary.variance))}`}
      </span>
    </span>
  );
}

function Verdict({ c }: { c: Comparison }) {
  if (c.pValue === null) return <Badge variant="outline" title={c.reason ?? undefined}>not enough data</Badge>;
  if (c.better) return <Badge variant="success">better</Badge>;
  if (c.worse) return <Badge variant="destructive">worse</Badge>;
  return <Badge variant="outline">not significant</Badge>;
}

/** One metric: each variant's rate or mean, and each treatment against the control, with the CI chart. */
export function MetricTable({ result, variants, alpha }: Props) {
  const { metric, role, summaries, comparisons, withinTolerance } = result;
  const binary = metric.type === 'binary';
  const several = comparisons.length > 1;
  const guardrail = role === 'guardrail';
  const bars: EffectBar[] = comparisons
    .filter((c) => c.relativeDiff !== null && c.relativeCi !== null)
    .map((c) => ({ variant: c.variant, estimate: c.relativeDiff!, lo: c.relativeCi![0], hi: c.relativeCi![1], verdict: c.better ? 'better' : c.worse ? 'worse' : 'none' }));

  return (
    <section className="space-y-3 rounded-lg border p-3 sm:p-4" data-testid={`metric-table-${metric.name}`} aria-labelledby={`metric-${metric.name}`}>
      <div className="flex flex-wrap items-baseline gap-2">
        <h3 id={`metric-${metric.name}`} className="font-mono font-semibold">
          {metric.name}
        </h3>
        <Badge variant={guardrail ? 'outline' : 'default'}>{guardrail ? 'guardrail' : 'primary'}</Badge>
        <span className="text-xs text-muted-foreground">
          {metric.type}, better when it {metric.direction === 'increase' ? 'goes up' : 'goes down'}
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
              <Verdict c={c} />
              {guardrail && withinTolerance?.[c.variant] === false && <Badge variant="destructive">beyond tolerance</Badge>}
            </li>
          ))}
        </ul>
      )}
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>Variant</TableHead>
            <TableHead className="text-right">{binary ? 'Rate' : 'Mean'}</TableHead>
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
              <TableRow key={v.key} data-testid={`metric-row-${metric.name}-${v.key}`}>
                <TableCell className="font-mono whitespace-nowrap">
                  {v.key} <span className="text-xs text-muted-foreground">v{v.version}</span>
                  {v.control && (
                    <Badge variant="secondary" className="ml-1">
                      control
                    </Badge>
                  )}
                </TableCell>
                <TableCell className="text-right tabular-nums">
                  <Estimate summary={summaries[v.key]} />
                </TableCell>
                {c ? (
                  <>
                    <TableCell className="text-right tabular-nums">{binary ? signedPercent(c.diff, 2).replace('%', ' pp') : signedAmount(c.diff)}</TableCell>
                    <TableCell className="text-right whitespace-nowrap tabular-nums">
                      {signedPercent(c.relativeDiff)}
                      {c.relativeCi && (
                        <span className="block text-xs text-muted-foreground">
                          [{signedPercent(c.relativeCi[0])}, {signedPercent(c.relativeCi[1])}]
                        </span>
                      )}
                    </TableCell>
                    <TableCell className="text-right tabular-nums">{pValue(c.pValue)}</TableCell>
                    {several && <TableCell className="text-right tabular-nums">{pValue(c.adjustedPValue)}</TableCell>}
                    <TableCell className="text-right tabular-nums">{c.pValue === null ? '—' : percent(c.chanceToBeatControl)}</TableCell>
                    <TableCell>
                      <Verdict c={c} />
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
          <figcaption className="text-xs text-muted-foreground">
            Relative effect against the control with its {Math.round((1 - alpha) * 100)}% confidence interval; an interval that does not cross 0 is
            significant.
          </figcaption>
          <EffectChart bars={bars} testId={`effect-chart-${metric.name}`} />
        </figure>
      ) : (
        <p className="text-xs text-muted-foreground">The confidence intervals appear once every variant has data.</p>
      )}
      <p className="text-xs text-muted-foreground">
        {binary
          ? 'Binary metric: every execution counts, and one that reported no value counts as 0.'
          : 'Continuous metric: only executions that reported a value count (n above).'}
        {several && ' With several treatments, significance uses Holm-adjusted p-values.'} Chance to beat the control is in the metric’s good direction.
      </p>
    </section>
  );
}
