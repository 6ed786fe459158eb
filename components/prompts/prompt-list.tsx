import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import type { PromptSummary } from '@/lib/prompts/registry';
import { LabelBadges } from './label-badges';
import { promptPath } from './paths';

export function PromptList({ prompts }: { prompts: PromptSummary[] }) {
  return (
    <ul className="divide-y rounded-lg border" data-testid="prompt-list">
      {prompts.map((p) => {
        // `latest` is shown as the version column, not as a badge.
        const labels = Object.keys(p.labels).filter((l) => l !== 'latest');
        return (
          <li key={p.name} className="flex flex-col gap-2 p-3 sm:flex-row sm:items-start sm:gap-4 sm:p-4" data-testid={`prompt-row-${p.name}`}>
            <div className="min-w-0 flex-1 space-y-1">
              <Link href={promptPath(p.name)} className="font-mono text-sm font-semibold break-all text-primary hover:underline">
                {p.name}
              </Link>
              {p.description && <p className="line-clamp-2 text-sm text-muted-foreground">{p.description}</p>}
              {(p.category || p.tags.length > 0) && (
                <div className="flex flex-wrap items-center gap-1 text-xs">
                  {p.category && (
                    <Badge variant="outline" title="Category">
                      {p.category}
                    </Badge>
                  )}
                  {p.tags.map((t) => (
                    <span key={t} className="rounded bg-muted px-1.5 py-0.5 text-muted-foreground">
                      #{t}
                    </span>
                  ))}
                </div>
              )}
            </div>
            <div className="flex flex-wrap items-center gap-2 sm:flex-col sm:items-end">
              <LabelBadges labels={labels} versions={p.labels} />
              <span className="text-xs text-muted-foreground">latest v{p.latestVersion}</span>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
