import Link from 'next/link';
import { compactJson, fullJson } from '@/components/datasets/compact-json';
import { formatCost } from '@/components/console/usd';
import { formatLatency } from '@/components/executions/figures';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { EvalResultView } from '@/lib/evals/schemas';
import { ScoreBadge } from './score-badge';

function TextCell({ value, testId, max = 120 }: { value: unknown; testId?: string; max?: number }) {
  return (
    <TableCell className="max-w-xs align-top font-mono text-xs wrap-anywhere" title={fullJson(value)} data-testid={testId}>
      {compactJson(value, max)}
    </TableCell>
  );
}

/** Why each evaluator scored as it did, with the judge's own execution when a judge scored it. */
export function ScoreReasons({ result, evaluators }: { result: EvalResultView; evaluators: string[] }) {
  const explained = evaluators.filter((name) => {
    const s = result.scores[name];
    return s && (s.reason || s.error || s.judgeExecutionId);
  });
  if (explained.length === 0 && !result.error) return null;
  return (
    <details className="text-xs" data-testid="eval-item-reasons">
      <summary className="cursor-pointer text-muted-foreground">why</summary>
      <ul className="mt-1 grid gap-1">
        {result.error && <li className="text-destructive">The call failed: {result.error}</li>}
        {explained.map((name) => {
          const s = result.scores[name]!;
          return (
            <li key={name}>
              <span className="font-mono">{name}</span>: {s.error ? <span className="text-destructive">{s.error}</span> : s.reason}
              {s.judgeExecutionId && (
                <>
                  {' '}
                  <Link href={`/executions/${s.judgeExecutionId}`} className="underline" data-testid="eval-judge-link">
                    judge call
                  </Link>
                </>
              )}
            </li>
          );
        })}
      </ul>
    </details>
  );
}

/** The run's items in dataset order: what went in, what came out, and each evaluator's score. */
export function ResultTable({ results, evaluators }: { results: EvalResultView[]; evaluators: string[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border">
      <Table data-testid="eval-results" data-count={results.length}>
        <TableHeader>
          <TableRow>
            <TableHead className="w-12 text-right">#</TableHead>
            <TableHead>Variables</TableHead>
            <TableHead>Expected</TableHead>
            <TableHead>Output</TableHead>
            {evaluators.map((name) => (
              <TableHead key={name} className="font-mono">
                {name}
              </TableHead>
            ))}
            <TableHead className="text-right">Latency</TableHead>
            <TableHead className="text-right">Cost</TableHead>
            <TableHead>Execution</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {results.map((r) => (
            <TableRow key={r.position} data-testid="eval-result" data-position={r.position} data-status={r.status}>
              <TableCell className="text-right align-top tabular-nums text-muted-foreground">{r.position}</TableCell>
              <TextCell value={r.variables} testId="eval-result-variables" />
              <TextCell value={r.expected} />
              {r.status === 'error' ? (
                <TableCell className="max-w-xs align-top text-xs text-destructive wrap-anywhere" title={r.error ?? ''}>
                  {compactJson(r.error ?? 'failed', 120)}
                </TableCell>
              ) : (
                <TextCell value={r.output} testId="eval-result-output" />
              )}
              {evaluators.map((name, i) => (
                <TableCell key={name} className="align-top">
                  <ScoreBadge score={r.scores[name]} evaluator={name} />
                  {i === evaluators.length - 1 && <ScoreReasons result={r} evaluators={evaluators} />}
                </TableCell>
              ))}
              <TableCell className="text-right align-top whitespace-nowrap tabular-nums">{formatLatency(r.latencyMs)}</TableCell>
              <TableCell className="text-right align-top whitespace-nowrap tabular-nums">{formatCost(r.costUsd)}</TableCell>
              <TableCell className="align-top">
                <Link href={`/executions/${r.executionId}`} className="text-xs underline" data-testid="eval-result-execution">
                  open
                </Link>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
