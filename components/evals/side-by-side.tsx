import { compactJson, fullJson } from '@/components/datasets/compact-json';
import { formatCost } from '@/components/console/usd';
import { formatLatency } from '@/components/executions/figures';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { EvalRunView } from '@/lib/evals/schemas';
import { cn } from '@/lib/ui/cn';
import { disagreeingEvaluators, runTitle, type ItemRow } from './eval-figures';
import { ScoreBadge } from './score-badge';

type Props = { runs: EvalRunView[]; rows: ItemRow[]; evaluators: string[] };

/** Every item with each run's output and scores; items on which the runs disagree on pass/fail are marked. */
export function SideBySide({ runs, rows, evaluators }: Props) {
  return (
    <div className="overflow-x-auto rounded-lg border">
      <Table data-testid="eval-side-by-side" data-count={rows.length}>
        <TableHeader>
          <TableRow>
            <TableHead className="w-12 text-right">#</TableHead>
            <TableHead>Variables</TableHead>
            <TableHead>Expected</TableHead>
            {runs.map((r, i) => (
              <TableHead key={r.id} className="min-w-56">
                {i === 0 ? 'Baseline: ' : ''}
                {runTitle(r)}
              </TableHead>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((row) => {
            const disagree = disagreeingEvaluators(row, evaluators);
            return (
              <TableRow
                key={row.position}
                className={cn(disagree.length > 0 && 'bg-warning/10')}
                data-testid="eval-side-row"
                data-position={row.position}
                data-disagree={disagree.length > 0 ? disagree.join(',') : undefined}
              >
                <TableCell className="text-right align-top tabular-nums text-muted-foreground">
                  {row.position}
                  {disagree.length > 0 && (
                    <span className="block text-xs font-medium text-foreground" title={`The runs disagree on ${disagree.join(', ')}`}>
                      ≠
                    </span>
                  )}
                </TableCell>
                <TableCell className="max-w-xs align-top font-mono text-xs wrap-anywhere" title={fullJson(row.variables)}>
                  {compactJson(row.variables, 100)}
                </TableCell>
                <TableCell className="max-w-xs align-top font-mono text-xs wrap-anywhere" title={fullJson(row.expected)}>
                  {compactJson(row.expected, 100)}
                </TableCell>
                {row.results.map((result, i) => (
                  <TableCell key={runs[i]!.id} className="max-w-xs align-top text-xs">
                    {result ? (
                      <div className="grid gap-1">
                        <p
                          className={cn('font-mono wrap-anywhere', result.status === 'error' && 'text-destructive')}
                          title={result.status === 'error' ? (result.error ?? '') : fullJson(result.output)}
                        >
                          {result.status === 'error' ? `failed: ${compactJson(result.error, 100)}` : compactJson(result.output, 100)}
                        </p>
                        <div className="flex flex-wrap gap-1">
                          {evaluators.map((name) => (
                            <ScoreBadge key={name} score={result.scores[name]} evaluator={name} />
                          ))}
                        </div>
                        <p className="text-muted-foreground tabular-nums">
                          {formatLatency(result.latencyMs)} · {formatCost(result.costUsd)}
                        </p>
                      </div>
                    ) : (
                      <span className="text-muted-foreground">not run</span>
                    )}
                  </TableCell>
                ))}
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
}
