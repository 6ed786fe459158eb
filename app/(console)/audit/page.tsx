import Link from 'next/link';
import { EmptyList } from '@/components/console/empty-list';
import { KeysetPager } from '@/components/console/keyset-pager';
import { AuditFilters } from '@/components/audit/audit-filters';
import { auditHref, type AuditQuery } from '@/components/audit/audit-query';
import { AuditTable } from '@/components/audit/audit-table';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
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
        <EmptyList
          testId="audit-empty"
          title={filtered ? 'No events match these filters.' : query.before ? 'No older events.' : 'Nothing has happened yet.'}
          hint={filtered ? 'Try fewer filters, or another actor or action.' : 'Creating prompts and versions, moving labels and managing users and API keys all show up here.'}
          reset={filtered || query.before ? { href: '/audit', label: 'Show the newest events' } : undefined}
        />
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
