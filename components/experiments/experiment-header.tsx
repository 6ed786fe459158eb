import Link from 'next/link';
import { Timestamp } from '@/components/console/timestamp';
import { promptPath } from '@/components/prompts/paths';
import { Badge } from '@/components/ui/badge';
import type { ExperimentView } from '@/lib/experiments/views';
import { MethodBadge, methodInfoOf } from './analysis-method';
import { StatusBadge } from './status-badge';

/** Breadcrumb, name, status, the prompt, how it is analysed and when it ran; `children` are the page's buttons. */
export function ExperimentHeader({ experiment: e, children }: { experiment: ExperimentView; children?: React.ReactNode }) {
  return (
    <header className="space-y-2">
      <nav aria-label="Breadcrumb" className="text-sm text-muted-foreground">
        <Link href="/experiments" className="hover:underline">
          Experiments
        </Link>{' '}
        / <span className="font-mono">{e.key}</span>
      </nav>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1">
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="text-xl font-semibold tracking-tight break-words sm:text-2xl">{e.name}</h1>
            <StatusBadge status={e.status} testId="experiment-status" />
            <MethodBadge info={methodInfoOf(e)} />
            {e.winner && (
              <Badge variant="success" data-testid="experiment-winner">
                winner: {e.winner}
              </Badge>
            )}
          </div>
          <p className="text-sm text-muted-foreground">
            On{' '}
            <Link href={promptPath(e.prompt)} className="font-mono text-primary hover:underline" data-testid="experiment-prompt-link">
              {e.prompt}
            </Link>{' '}
            · alpha {e.alpha} · created by {e.createdBy}
          </p>
          <p className="text-xs text-muted-foreground">
            {e.startedAt ? (
              <>
                Started <Timestamp iso={e.startedAt} />
              </>
            ) : (
              <>
                Created <Timestamp iso={e.createdAt} />, not started yet
              </>
            )}
            {e.stoppedAt && (
              <>
                {' '}
                · stopped <Timestamp iso={e.stoppedAt} />
              </>
            )}
          </p>
          {e.hypothesis && <p className="max-w-3xl text-sm whitespace-pre-line">{e.hypothesis}</p>}
        </div>
        {children && <div className="flex flex-wrap gap-2">{children}</div>}
      </div>
    </header>
  );
}
