import Link from 'next/link';
import { Timestamp } from '@/components/console/timestamp';
import { Badge } from '@/components/ui/badge';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { AuditEntryView } from '@/lib/audit/log';
import { cn } from '@/lib/ui/cn';
import { auditHref } from './audit-query';

const SUMMARY_CHARS = 60;

/** A before/after value: compact JSON, and the whole of it, indented, one click away. */
function AuditValue({ value, label }: { value: unknown; label: string }) {
  if (value === null || value === undefined) return <span className="text-muted-foreground">—</span>;
  const compact = JSON.stringify(value);
  if (compact.length <= SUMMARY_CHARS) return <code className="font-mono text-xs break-all">{compact}</code>;
  return (
    <details className="inline-block max-w-full align-top md:block md:max-w-[22rem]">
      <summary className="cursor-pointer font-mono text-xs break-all text-foreground marker:text-muted-foreground" title={`Show the whole ${label} value`}>
        {compact.slice(0, SUMMARY_CHARS)}…
      </summary>
      <pre className="mt-1 max-h-64 overflow-auto rounded-md bg-muted p-2 font-mono text-xs whitespace-pre-wrap break-all">
        {JSON.stringify(value, null, 2)}
      </pre>
    </details>
  );
}

// On a phone each row is a card (one column, labelled values); from md up it is a table row.
const cell = 'block px-0 py-0.5 align-top md:table-cell md:p-2';
const phoneLabel = 'mr-1 text-xs text-muted-foreground md:hidden';

export function AuditTable({ entries }: { entries: AuditEntryView[] }) {
  return (
    <Table data-testid="audit-table" className="block md:table">
      <TableHeader className="hidden md:table-header-group">
        <TableRow>
          <TableHead>Time</TableHead>
          <TableHead>Actor</TableHead>
          <TableHead>Action</TableHead>
          <TableHead>Entity</TableHead>
          <TableHead>Before</TableHead>
          <TableHead>After</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody className="block md:table-row-group">
        {entries.map((e) => (
          <TableRow key={e.id} data-testid="audit-row" className="block py-2 md:table-row md:py-0">
            <TableCell className={cn(cell, 'text-xs whitespace-nowrap text-muted-foreground')}>
              <Timestamp iso={e.createdAt} />
            </TableCell>
            <TableCell className={cell}>
              <Link href={auditHref({ actor: e.actorName })} className="wrap-anywhere hover:underline" title="Only this actor">
                {e.actorName}
              </Link>
              {e.actorType !== 'user' && (
                <span className="ml-1 text-xs text-muted-foreground md:ml-0 md:block">{actorKind[e.actorType]}</span>
              )}
            </TableCell>
            <TableCell className={cell}>
              <Link href={auditHref({ action: e.action })} title="Only this action">
                <Badge variant={e.action === 'auth.login_failed' ? 'destructive' : 'outline'} className="font-mono">
                  {e.action}
                </Badge>
              </Link>
            </TableCell>
            <TableCell className={cell}>
              <Link
                href={auditHref({ entityType: e.entityType, entityId: e.entityId })}
                className="hover:underline"
                title="Only this entity"
              >
                <span className="text-muted-foreground">{e.entityType}</span> <span className="font-medium wrap-anywhere">{e.entityId}</span>
              </Link>
            </TableCell>
            <TableCell className={cell}>
              <span className={phoneLabel}>Before</span>
              <AuditValue value={e.before} label="before" />
            </TableCell>
            <TableCell className={cell}>
              <span className={phoneLabel}>After</span>
              <AuditValue value={e.after} label="after" />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

const actorKind: Record<AuditEntryView['actorType'], string> = {
  user: 'user',
  api_key: 'API key',
  system: 'Verso',
  anonymous: 'not signed in',
};
