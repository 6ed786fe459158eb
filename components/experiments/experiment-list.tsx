import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import type { ExperimentView } from '@/lib/experiments/views';
import { promptPath } from '@/components/prompts/paths';
import { age, amount, count, percent, signedPercent } from './figures';
import type { Leader } from './leading-variant';
import { StatusBadge } from './status-badge';

export type ExperimentRow = ExperimentView & { executions: number; units: number; leader: Leader | null };

// `age` says "just now" for the first minute, which takes no "ago".
function ago(iso: string, now: number) {
  const a = age(iso, now);
  return a === 'just now' ? a : `${a} ago`;
}

function ageOf(e: ExperimentView, now: number) {
  if (e.status === 'completed' && e.stoppedAt) return `ended ${ago(e.stoppedAt, now)}`;
  if (e.startedAt) return `started ${ago(e.startedAt, now)}`;
  return `created ${ago(e.createdAt, now)}`;
}

function LeaderCell({ leader }: { leader: Leader | null }) {
  if (!leader) return <span className="text-muted-foreground">—</span>;
  const estimate = leader.metricType === 'binary' ? percent(leader.estimate) : amount(leader.estimate);
  return (
    <span className="inline-flex flex-wrap items-center gap-1">
      <span className="font-mono font-medium">{leader.variant}</span>
      <span className="text-muted-foreground">{estimate}</span>
      {leader.relativeDiff !== null && <span className="text-muted-foreground">({signedPercent(leader.relativeDiff)})</span>}
      {leader.declared ? (
        <Badge variant="success">winner</Badge>
      ) : leader.significant ? (
        <Badge variant="outline" title="Significantly better than the control">
          significant
        </Badge>
      ) : null}
    </span>
  );
}

/** One row per experiment; a list on phones, columns from `md` up. */
export function ExperimentList({ experiments, now }: { experiments: ExperimentRow[]; now: number }) {
  return (
    <ul className="divide-y rounded-lg border" data-testid="experiment-list">
      <li className="hidden gap-4 px-4 py-2 text-xs font-medium text-muted-foreground md:grid md:grid-cols-[2fr_1.2fr_1fr_0.8fr_1.6fr]" aria-hidden>
        <span>Experiment</span>
        <span>Prompt</span>
        <span>Age</span>
        <span className="text-right">Units so far</span>
        <span>Leading variant</span>
      </li>
      {experiments.map((e) => (
        <li
          key={e.key}
          className="grid gap-1.5 p-3 text-sm md:grid-cols-[2fr_1.2fr_1fr_0.8fr_1.6fr] md:items-center md:gap-4 md:px-4"
          data-testid={`experiment-row-${e.key}`}
        >
          <div className="min-w-0 space-y-0.5">
            <div className="flex flex-wrap items-center gap-2">
              <Link href={`/experiments/${encodeURIComponent(e.key)}`} className="font-medium text-primary hover:underline">
                {e.name}
              </Link>
              <StatusBadge status={e.status} />
            </div>
            <p className="font-mono text-xs break-all text-muted-foreground">{e.key}</p>
          </div>
          <p className="flex flex-wrap gap-x-2 text-xs text-muted-foreground md:hidden">
            <span className="font-mono break-all text-foreground">{e.prompt}</span>
            <span>{ageOf(e, now)}</span>
            <span className="tabular-nums">{count(e.units)} units</span>
          </p>
          <div className="hidden min-w-0 md:block">
            <Link href={promptPath(e.prompt)} className="font-mono text-xs break-all hover:underline">
              {e.prompt}
            </Link>
          </div>
          <div className="hidden text-xs text-muted-foreground md:block">{ageOf(e, now)}</div>
          <div className="hidden text-right text-sm tabular-nums md:block">{count(e.units)}</div>
          <div className={e.leader ? 'text-xs md:text-sm' : 'hidden md:block'}>
            <span className="text-muted-foreground md:hidden">Leading: </span>
            <LeaderCell leader={e.leader} />
          </div>
        </li>
      ))}
    </ul>
  );
}
