import { Timestamp } from '@/components/console/timestamp';
import { Badge } from '@/components/ui/badge';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { ApiKeyView } from '@/lib/auth/api-keys';
import { cn } from '@/lib/ui/cn';
import { RevokeApiKeyButton, type RevokeApiKey } from './revoke-api-key-button';

export function ApiKeysTable({ apiKeys, revoke }: { apiKeys: ApiKeyView[]; revoke: RevokeApiKey }) {
  return (
    <Table data-testid="api-keys-table">
      <TableHeader>
        <TableRow>
          <TableHead>Name</TableHead>
          <TableHead className="hidden sm:table-cell">Role</TableHead>
          <TableHead className="hidden sm:table-cell">Key</TableHead>
          <TableHead className="hidden lg:table-cell">Created by</TableHead>
          <TableHead className="hidden md:table-cell">Created</TableHead>
          <TableHead>Last used</TableHead>
          <TableHead className="text-right">Status</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {apiKeys.map((k) => (
          <TableRow key={k.id} data-testid="api-key-row" data-name={k.name} className={cn(k.revokedAt && 'text-muted-foreground')}>
            <TableCell>
              <div className="font-medium wrap-anywhere">{k.name}</div>
              <div className="mt-1 flex flex-wrap items-center gap-1 sm:hidden">
                <Badge variant="outline">{k.role}</Badge>
                <span className="font-mono text-xs">{k.prefix}</span>
              </div>
            </TableCell>
            <TableCell className="hidden sm:table-cell">
              <Badge variant="outline">{k.role}</Badge>
            </TableCell>
            <TableCell className="hidden font-mono text-xs sm:table-cell">{k.prefix}</TableCell>
            <TableCell className="hidden text-xs wrap-anywhere lg:table-cell">{k.createdBy}</TableCell>
            <TableCell className="hidden text-xs whitespace-nowrap md:table-cell">
              <Timestamp iso={k.createdAt} />
            </TableCell>
            <TableCell className="text-xs">
              {k.lastUsedAt ? <Timestamp iso={k.lastUsedAt} /> : <span className="text-muted-foreground">never</span>}
            </TableCell>
            <TableCell className="text-right">
              {k.revokedAt ? (
                <span className="inline-grid justify-items-end gap-0.5">
                  <Badge variant="secondary">revoked</Badge>
                  <Timestamp iso={k.revokedAt} className="text-[11px] whitespace-nowrap" />
                </span>
              ) : (
                <RevokeApiKeyButton apiKey={k} revoke={revoke} />
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
