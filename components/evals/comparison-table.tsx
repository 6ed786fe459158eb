import { amount, count, pValue } from '@/components/experiments/figures';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { EvalRunView, RunComparison } from '@/lib/evals/schemas';
import { interval, runTitle, signedMs, signedUsd } from './eval-figures';
import { VerdictBadge } from './verdict-badge';

type Evaluator = RunComparison['evaluators'][number];

/** The test behind the verdict, as the statistician would write it. */
function testUsed(e: Evaluator): string {
  if (e.kind === 'binary' && e.mcnemar) {
    return `McNemar (${e.mcnemar.method}), ${e.mcnemar.improved} improved / ${e.mcnemar.worsened} worsened`;
  }
  if (e.wilcoxon) return `Wilcoxon signed-rank (${e.wilcoxon.method})`;
  if (e.pairedT) return `paired t, df ${amount(e.pairedT.df)}`;
  return '—';
}

/** A difference's interval and p-value, in small print after it; nothing where they are undefined (no variance). */
function Spread({ ci, format, p }: { ci: [number, number] | null; format: (x: number) => string; p: number | null }) {
  if (ci === null && p === null) return null;
  return (
    <span className="block text-xs text-muted-foreground">
      {ci && <>CI {interval(ci, format)}</>}
      {ci && p !== null && ' · '}
      {p !== null && <>p {pValue(p)}</>}
    </span>
  );
}

const signed = (x: number | null) => (x === null ? '—' : `${x > 0 ? '+' : ''}${amount(x)}`);

/** One candidate against the baseline: a row per evaluator, then latency and cost with their intervals. */
export function ComparisonTable({ comparison, baseline, candidate, alpha }: { comparison: RunComparison; baseline: EvalRunView; candidate: EvalRunView; alpha: number }) {
  const { latency, cost } = comparison;
  const level = `${Math.round((1 - alpha) * 100)}%`;
  return (
    <Card data-testid="eval-comparison" data-candidate={candidate.id}>
      <CardHeader>
        <CardTitle>
          {runTitle(candidate)} <span className="font-normal text-muted-foreground">vs</span> {runTitle(baseline)}
        </CardTitle>
        <CardDescription>
          {candidate.prompt} v{candidate.version} against the baseline {baseline.prompt} v{baseline.version}. Differences are candidate − baseline, with{' '}
          {level} bootstrap intervals; p-values are Holm-adjusted across evaluators
          {comparison.excludedItems > 0 && `; ${count(comparison.excludedItems)} items left out because a run failed on them`}.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <div className="overflow-x-auto rounded-lg border">
          <Table data-testid="eval-comparison-evaluators">
            <TableHeader>
              <TableRow>
                <TableHead>Evaluator</TableHead>
                <TableHead className="text-right">Items</TableHead>
                <TableHead className="text-right">Baseline</TableHead>
                <TableHead className="text-right">Candidate</TableHead>
                <TableHead className="text-right">Difference</TableHead>
                <TableHead>{level} CI</TableHead>
                <TableHead>Test</TableHead>
                <TableHead className="text-right">p</TableHead>
                <TableHead className="text-right">Holm p</TableHead>
                <TableHead>Verdict</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {comparison.evaluators.map((e) => (
                <TableRow key={e.evaluator} data-testid="eval-comparison-row" data-evaluator={e.evaluator} data-verdict={e.verdict}>
                  <TableCell className="font-mono">
                    {e.evaluator} {e.kind === 'binary' && <Badge variant="outline">pass/fail</Badge>}
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{count(e.n)}</TableCell>
                  <TableCell className="text-right tabular-nums">{amount(e.baselineMean)}</TableCell>
                  <TableCell className="text-right tabular-nums">{amount(e.candidateMean)}</TableCell>
                  <TableCell className="text-right tabular-nums">{signed(e.meanDifference)}</TableCell>
                  <TableCell className="whitespace-nowrap tabular-nums">{interval(e.bootstrapCi)}</TableCell>
                  <TableCell className="text-xs">{testUsed(e)}</TableCell>
                  <TableCell className="text-right tabular-nums" data-testid="eval-comparison-p">
                    {pValue(e.pValue)}
                  </TableCell>
                  <TableCell className="text-right tabular-nums" data-testid="eval-comparison-adjusted-p">
                    {pValue(e.adjustedPValue)}
                  </TableCell>
                  <TableCell>
                    <VerdictBadge verdict={e.verdict} evaluator={e.evaluator} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
        <dl className="grid gap-3 text-sm sm:grid-cols-3" data-testid="eval-comparison-costs">
          <div className="grid gap-0.5">
            <dt className="text-xs text-muted-foreground">Latency per item</dt>
            <dd className="tabular-nums" data-testid="eval-latency-difference">
              <span className="font-medium">{signedMs(latency.meanDifferenceMs)}</span>
              <Spread ci={latency.ci} format={signedMs} p={latency.pValue} />
            </dd>
          </div>
          <div className="grid gap-0.5">
            <dt className="text-xs text-muted-foreground">Cost per item</dt>
            <dd className="tabular-nums" data-testid="eval-cost-difference">
              <span className="font-medium">{signedUsd(cost.meanDifferenceUsd)}</span>
              <Spread ci={cost.ci} format={signedUsd} p={cost.pValue} />
            </dd>
          </div>
          <div className="grid gap-0.5">
            <dt className="text-xs text-muted-foreground">Projected cost per month</dt>
            <dd className="tabular-nums" data-testid="eval-monthly-difference">
              {cost.monthlyVolume === 0 ? (
                <span className="text-muted-foreground">No production traffic in the last 30 days to project from.</span>
              ) : (
                <>
                  <span className="font-medium">{signedUsd(cost.projectedMonthlyDifferenceUsd)}</span>
                  <Spread ci={cost.projectedMonthlyCi} format={signedUsd} p={null} />
                  <span className="block text-xs text-muted-foreground">at {count(cost.monthlyVolume)} executions a month (the last 30 days)</span>
                </>
              )}
            </dd>
          </div>
        </dl>
      </CardContent>
    </Card>
  );
}
