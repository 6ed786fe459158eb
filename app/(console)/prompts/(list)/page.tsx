import Link from 'next/link';
import { PlusIcon } from 'lucide-react';
import { PromptFilters } from '@/components/prompts/prompt-filters';
import { PromptList } from '@/components/prompts/prompt-list';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent } from '@/components/ui/card';
import { VersoError } from '@/lib/api/errors';
import { pageActor } from '@/lib/auth/page';
import { hasRole } from '@/lib/auth/roles';
import { listPrompts, registryOverview } from '@/lib/prompts/registry';
import { listPromptsQuery } from '@/lib/prompts/schemas';

export const metadata = { title: 'Prompts' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

export default async function PromptsPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await pageActor('viewer');
  const raw = await searchParams;
  const filters = { q: first(raw.q), category: first(raw.category), tag: first(raw.tag), label: first(raw.label) };
  const cursor = first(raw.cursor);
  const overview = await registryOverview();
  const canEdit = hasRole(actor, 'editor');

  let page: Awaited<ReturnType<typeof listPrompts>> | null = null;
  let problem: string | null = null;
  const parsed = listPromptsQuery.safeParse({ ...filters, cursor, limit: 25 });
  if (!parsed.success) problem = 'These filters are not valid: a search is at most 200 characters and a filter at most 64.';
  else {
    try {
      page = await listPrompts(parsed.data);
    } catch (error) {
      if (!(error instanceof VersoError) || error.code !== 'invalid') throw error;
      problem = error.message;
    }
  }
  const filtered = Object.values(filters).some(Boolean);
  const nextHref = page?.nextCursor
    ? `/prompts?${new URLSearchParams({ ...definedOnly(filters), cursor: page.nextCursor }).toString()}`
    : null;

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Prompts</h1>
          <p className="text-sm text-muted-foreground" data-testid="prompt-counts">
            {overview.prompts} {overview.prompts === 1 ? 'prompt' : 'prompts'} · {overview.versions}{' '}
            {overview.versions === 1 ? 'version' : 'versions'} · {overview.deployed} deployed to production
          </p>
        </div>
        {canEdit && (
          <Button asChild>
            <Link href="/prompts/new" data-testid="new-prompt">
              <PlusIcon /> New prompt
            </Link>
          </Button>
        )}
      </div>

      {overview.prompts === 0 ? (
        <Card>
          <CardContent className="flex flex-col items-center gap-3 py-12 text-center sm:py-16">
            <p className="text-lg font-medium">No prompts yet — create your first</p>
            <p className="max-w-md text-sm text-muted-foreground">
              A prompt is a named template your application asks Verso for. Every save is a new version, and moving the production label is how
              you deploy one.
            </p>
            {canEdit ? (
              <Button asChild>
                <Link href="/prompts/new">
                  <PlusIcon /> New prompt
                </Link>
              </Button>
            ) : (
              <p className="text-sm text-muted-foreground">Ask an editor or an admin to create one.</p>
            )}
          </CardContent>
        </Card>
      ) : (
        <>
          <PromptFilters categories={overview.categories} tags={overview.tags} />
          {problem && (
            <Alert variant="destructive">
              <AlertTitle>We could not show this page of prompts</AlertTitle>
              <AlertDescription>
                {problem}{' '}
                <Link href="/prompts" className="underline">
                  Start again from the first page
                </Link>
                .
              </AlertDescription>
            </Alert>
          )}
          {page && page.data.length === 0 && (
            <Card>
              <CardContent className="py-10 text-center text-sm text-muted-foreground">
                {filtered ? 'No prompts match these filters.' : 'No more prompts.'}{' '}
                <Link href="/prompts" className="text-primary underline">
                  Show all prompts
                </Link>
              </CardContent>
            </Card>
          )}
          {page && page.data.length > 0 && <PromptList prompts={page.data} />}
          {(cursor || nextHref) && (
            <nav className="flex justify-between gap-2" aria-label="Pages">
              {cursor ? (
                <Button asChild variant="outline" size="sm">
                  <Link href={`/prompts?${new URLSearchParams(definedOnly(filters)).toString()}`}>First page</Link>
                </Button>
              ) : (
                <span />
              )}
              {nextHref && (
                <Button asChild variant="outline" size="sm">
                  <Link href={nextHref} data-testid="next-page">
                    Next page
                  </Link>
                </Button>
              )}
            </nav>
          )}
        </>
      )}
    </div>
  );
}

function definedOnly(values: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((e): e is [string, string] => !!e[1]));
}
