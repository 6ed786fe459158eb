import { formatCost } from '@/components/console/usd';
import { formatLatency } from '@/components/executions/figures';
import { amount, count, percent } from '@/components/experiments/figures';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { EvalRunView } from '@/lib/evals/schemas';

/** Per evaluator over the items it scored: how many, the mean score and the pass rate; then cost and latency. */
export function RunSummary({ run }: { run: EvalRunView }) {
  return (
    <div className="grid gap-4">
      <div className="overflow-x-auto rounded-lg border">
        <Table data-testid="eval-run-summary">
          <TableHeader>
            <TableRow>
              <TableHead>Evaluator</TableHead>
              <TableHead className="text-right">Items scored</TableHead>
              <TableHead className="text-right">Mean score</TableHead>
              <TableHead className="text-right">Pass rate</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {run.summary.map((s) => (
              <TableRow key={s.name} data-testid="eval-summary-row" data-evaluator={s.name}>
                <TableCell className="font-mono">{s.name}</TableCell>
                <TableCell className="text-right tabular-nums">{count(s.n)}</TableCell>
                <TableCell className="text-right tabular-nums">{amount(s.mean)}</TableCell>
                <TableCell className="text-right tabular-nums" data-testid="eval-summary-pass-rate">
                  {percent(s.passRate)}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4" data-testid="eval-run-costs">
        <Fact label="Cost of the items" value={formatCost(run.costUsd)} />
        <Fact label="Cost of the judges" value={formatCost(run.judgeCostUsd)} />
        <Fact label="Mean latency" value={formatLatency(run.meanLatencyMs === null ? null : Math.round(run.meanLatencyMs))} />
        <Fact label="Concurrency" value={`${run.concurrency}${run.requestsPerMinute ? ` · ≤ ${count(run.requestsPerMinute)}/min` : ''}`} />
      </dl>
    </div>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <div className="grid gap-0.5">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="font-medium tabular-nums">{value}</dd>
    </div>
  );
}
