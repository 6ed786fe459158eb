import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import type { PromptSummary } from '@/lib/prompts/registry';
import { promptPath } from './paths';

type Props = { prompt: PromptSummary; page?: string; children?: React.ReactNode };

/** Breadcrumbs (one per folder of the name), the name, its description and facets, and the page's buttons. */
export function PromptHeader({ prompt, page, children }: Props) {
  const folders = prompt.name.split('/');
  return (
    <header className="space-y-2">
      <nav aria-label="Breadcrumb" className="flex flex-wrap items-center gap-1 text-sm text-muted-foreground">
        <Link href="/prompts" className="hover:underline">
          Prompts
        </Link>
        {folders.slice(0, -1).map((f, i) => (
          <span key={i} className="flex items-center gap-1">
            <span aria-hidden>/</span>
            <Link href={`/prompts?q=${encodeURIComponent(folders.slice(0, i + 1).join('/') + '/')}`} className="hover:underline">
              {f}
            </Link>
          </span>
        ))}
        {page && (
          <>
            <span aria-hidden>/</span>
            <Link href={promptPath(prompt.name)} className="hover:underline">
              {folders.at(-1)}
            </Link>
          </>
        )}
      </nav>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1">
          <h1 className="font-mono text-xl font-semibold tracking-tight break-all sm:text-2xl">
            {page && <span className="font-sans text-muted-foreground">{page} </span>}
            {prompt.name}
          </h1>
          {prompt.description && <p className="max-w-3xl text-sm text-muted-foreground">{prompt.description}</p>}
          {(prompt.category || prompt.tags.length > 0) && (
            <div className="flex flex-wrap gap-1 text-xs">
              {prompt.category && <Badge variant="outline">{prompt.category}</Badge>}
              {prompt.tags.map((t) => (
                <span key={t} className="rounded bg-muted px-1.5 py-0.5 text-muted-foreground">
                  #{t}
                </span>
              ))}
            </div>
          )}
        </div>
        {children && <div className="flex flex-wrap gap-2">{children}</div>}
      </div>
    </header>
  );
}
