import Link from 'next/link';
import { KeysetPager } from '@/components/console/keyset-pager';
import { AuditFilters } from '@/components/audit/audit-filters';
import { auditHref, type AuditQuery } from '@/components/audit/audit-query';
import { AuditTable } from '@/components/audit/audit-table';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { auditLogChoices, auditLogFilter, listAuditLog } from '@/lib/audit/log';
import { pageActor } from '@/lib/auth/page';

export const metadata = { title: 'Audit log' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await pageActor('admin');
  const raw = await searchParams;
  const one = (key: keyof AuditQuery) => {
    const v = raw[key];
    return (Array.isArray(v) ? v[0] : v) || undefined;
  };
  const query: AuditQuery = {
    actor: one('actor'),
    entityType: one('entityType'),
    entityId: one('entityId'),
    action: one('action'),
    before: one('before'),
  };
  const parsed = auditLogFilter.safeParse(query);
  const [page, choices] = await Promise.all([
    parsed.success ? listAuditLog(actor, parsed.data) : null,
    auditLogChoices(actor),
  ]);
  const filtered = Boolean(query.actor || query.entityType || query.entityId || query.action);

  return (
    <div className="grid gap-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Audit log</h1>
        <p className="text-sm text-muted-foreground">
          Every change in Verso, who made it and when, with the state before and after. Failed sign-ins are here too.
        </p>
      </div>
      <AuditFilters choices={choices} query={query} />
      {!page ? (
        <Alert variant="destructive">
          <AlertTitle>These filters are not valid</AlertTitle>
          <AlertDescription>
            The address has a filter Verso cannot read.{' '}
            <Link href="/audit" className="underline">
              Show the whole log
            </Link>
            .
          </AlertDescription>
        </Alert>
      ) : page.data.length === 0 ? (
        <div className="rounded-lg border border-dashed p-8 text-center" data-testid="audit-empty">
          <p className="font-medium">{filtered ? 'No events match these filters.' : query.before ? 'No older events.' : 'Nothing has happened yet.'}</p>
          <p className="mt-1 text-sm text-muted-foreground">
            {filtered
              ? 'Try fewer filters, or another actor or action.'
              : 'Creating prompts and versions, moving labels and managing users and API keys all show up here.'}
          </p>
          {(filtered || query.before) && (
            <Button asChild variant="outline" className="mt-4">
              <Link href="/audit">Show the newest events</Link>
            </Button>
          )}
        </div>
      ) : (
        <>
          <AuditTable entries={page.data} />
          <KeysetPager
            newestHref={query.before ? auditHref({ ...query, before: undefined }) : null}
            olderHref={page.nextCursor ? auditHref({ ...query, before: page.nextCursor }) : null}
            label="Audit log pages"
            olderTestId="audit-older"
            end="That is the oldest event."
          />
        </>
      )}
    </div>
  );
}
