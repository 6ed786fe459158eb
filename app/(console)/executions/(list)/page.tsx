/*
 * Every use of a prompt, newest first. data-testids for end-to-end tests:
 *   execution-filters, execution-filter-<prompt|version|experiment|variant|status|model|source|range>,
 *   execution-filter-submit, executions-table, execution-row-<id>, executions-empty, executions-older,
 *   executions-invalid-filters.
 */
import Link from 'next/link';
import { EmptyList } from '@/components/console/empty-list';
import { KeysetPager } from '@/components/console/keyset-pager';
import { ExecutionFilters } from '@/components/executions/execution-filters';
import { executionQueryKeys, executionsHref, isFiltered, type ExecutionQuery } from '@/components/executions/execution-query';
import { ExecutionsTable } from '@/components/executions/executions-table';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { pageActor } from '@/lib/auth/page';
import { executionFilterChoices, listExecutions } from '@/lib/executions/browse';
import { executionBrowseQuery } from '@/lib/executions/browse-schemas';

export const metadata = { title: 'Executions' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ExecutionsPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await pageActor('viewer');
  const raw = await searchParams;
  const query: ExecutionQuery = {};
  for (const key of executionQueryKeys) {
    const v = raw[key];
    const value = (Array.isArray(v) ? v[0] : v)?.trim();
    if (value) query[key] = value;
  }
  const parsed = executionBrowseQuery.safeParse(query);
  const [page, choices] = await Promise.all([parsed.success ? listExecutions(actor, parsed.data) : null, executionFilterChoices(actor)]);
  const filtered = isFiltered(query);

  return (
    <div className="grid gap-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Executions</h1>
        <p className="text-sm text-muted-foreground">
          Every use of a prompt: what was served to whom, what the model answered, how long it took and what it cost. Open one to see its
          prompt, output, metrics and trace.
        </p>
      </div>
      <ExecutionFilters choices={choices} query={query} />
      {!page ? (
        <Alert variant="destructive" data-testid="executions-invalid-filters">
          <AlertTitle>These filters are not valid</AlertTitle>
          <AlertDescription>
            {parsed.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}.{' '}
            <Link href="/executions" className="underline">
              Show all executions
            </Link>
            .
          </AlertDescription>
        </Alert>
      ) : page.data.length === 0 ? (
        <EmptyList
          testId="executions-empty"
          title={filtered ? 'No executions match these filters.' : query.before ? 'No older executions.' : 'No executions yet.'}
          hint={filtered ? 'Try fewer filters or a longer time range.' : 'An execution is recorded each time an application resolves or runs a prompt through the API, calls the gateway, or someone runs one in the playground.'}
          reset={filtered || query.before ? { href: '/executions', label: 'Show the newest executions' } : undefined}
        />
      ) : (
        <>
          <ExecutionsTable executions={page.data} />
          <KeysetPager
            newestHref={query.before ? executionsHref({ ...query, before: undefined }) : null}
            olderHref={page.nextCursor ? executionsHref({ ...query, before: page.nextCursor }) : null}
            label="Execution pages"
            olderTestId="executions-older"
            end={`That is the oldest execution${filtered ? ' matching these filters' : ''}.`}
          />
        </>
      )}
    </div>
  );
}
