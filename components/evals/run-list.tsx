'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Timestamp } from '@/components/console/timestamp';
import { Button } from '@/components/ui/button';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { EvalRunView } from '@/lib/evals/schemas';
import { runModel, runTitle, summaryText } from './eval-figures';
import { comparePath, evalRunPath } from './paths';
import { RunProgress } from './run-progress';
import { RunStatusBadge } from './run-status-badge';

/**
 * Every run, newest first. Ticking two or more runs compares them; the first one ticked is the
 * baseline, so the order of the ticks is kept.
 */
export function RunList({ runs }: { runs: EvalRunView[] }) {
  const router = useRouter();
  const [picked, setPicked] = useState<string[]>([]);
  const toggle = (id: string, on: boolean) => setPicked((p) => (on ? [...p.filter((x) => x !== id), id] : p.filter((x) => x !== id)));
  const baseline = runs.find((r) => r.id === picked[0]);

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-3" data-testid="eval-compare-bar">
        <Button disabled={picked.length < 2} onClick={() => router.push(comparePath(picked))} data-testid="eval-compare">
          Compare{picked.length >= 2 ? ` ${picked.length} runs` : ''}
        </Button>
        <p className="text-sm text-muted-foreground">
          {picked.length === 0
            ? 'Tick two or more runs on the same dataset version to compare them.'
            : `Baseline: ${baseline ? runTitle(baseline) : '—'} (the first you ticked).`}
        </p>
      </div>
      <div className="overflow-x-auto rounded-lg border" data-testid="eval-run-list">
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead className="w-8">
                <span className="sr-only">Compare</span>
              </TableHead>
              <TableHead>Run</TableHead>
              <TableHead>Status</TableHead>
              <TableHead>Dataset</TableHead>
              <TableHead>Prompt</TableHead>
              <TableHead>Model</TableHead>
              <TableHead>Progress</TableHead>
              <TableHead>Evaluators</TableHead>
              <TableHead>Created</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {runs.map((r) => {
              const order = picked.indexOf(r.id);
              return (
                <TableRow key={r.id} data-testid="eval-run-row" data-run-id={r.id} data-status={r.status} data-version={r.version}>
                  <TableCell>
                    <input
                      type="checkbox"
                      checked={order >= 0}
                      onChange={(e) => toggle(r.id, e.target.checked)}
                      aria-label={`Compare ${runTitle(r)}`}
                      data-testid="eval-run-pick"
                    />
                    {order === 0 && picked.length > 1 && <span className="sr-only">baseline</span>}
                  </TableCell>
                  <TableCell className="font-medium">
                    <Link href={evalRunPath(r.id)} className="hover:underline" data-testid="eval-run-link">
                      {runTitle(r)}
                    </Link>
                  </TableCell>
                  <TableCell>
                    <RunStatusBadge status={r.status} testId="eval-run-row-status" />
                  </TableCell>
                  <TableCell className="whitespace-nowrap">
                    {r.dataset}@v{r.datasetVersion}
                  </TableCell>
                  <TableCell className="whitespace-nowrap">
                    {r.prompt} v{r.version}
                  </TableCell>
                  <TableCell className="font-mono text-xs whitespace-nowrap">{runModel(r)}</TableCell>
                  <TableCell>
                    <RunProgress progress={r.progress} compact />
                  </TableCell>
                  <TableCell className="text-xs">
                    <ul className="grid gap-0.5">
                      {r.summary.map((s) => (
                        <li key={s.name} className="whitespace-nowrap">
                          <span className="font-mono">{s.name}</span>: {summaryText(s)}
                        </li>
                      ))}
                    </ul>
                  </TableCell>
                  <TableCell className="text-sm whitespace-nowrap text-muted-foreground">
                    <Timestamp iso={r.createdAt} />
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </div>
    </div>
  );
}
