import Form from 'next/form';
import Link from 'next/link';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { NativeSelect } from '@/components/ui/native-select';
import type { AuditLogChoices } from '@/lib/audit/log';
import type { AuditQuery } from './audit-query';

function Choice({ id, label, any, options, value }: { id: keyof AuditQuery; label: string; any: string; options: string[]; value?: string }) {
  // A value from the URL that no longer occurs in the log still shows as chosen.
  const all = value && !options.includes(value) ? [value, ...options] : options;
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={`audit-${id}`}>{label}</Label>
      <NativeSelect id={`audit-${id}`} name={id} defaultValue={value ?? ''}>
        <option value="">{any}</option>
        {all.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </NativeSelect>
    </div>
  );
}

/** A GET form: the filters live in the URL, so a filtered view can be shared and reloaded. */
export function AuditFilters({ choices, query }: { choices: AuditLogChoices; query: AuditQuery }) {
  const filtered = Boolean(query.actor || query.entityType || query.entityId || query.action);
  return (
    <Form action="/audit" className="grid grid-cols-1 items-end gap-3 sm:grid-cols-2 lg:grid-cols-[repeat(4,minmax(0,1fr))_auto]" data-testid="audit-filters">
      <Choice id="actor" label="Actor" any="Any actor" options={choices.actors} value={query.actor} />
      <Choice id="action" label="Action" any="Any action" options={choices.actions} value={query.action} />
      <Choice id="entityType" label="Entity type" any="Any entity" options={choices.entityTypes} value={query.entityType} />
      <div className="grid gap-1.5">
        <Label htmlFor="audit-entityId">Entity id or name</Label>
        <Input id="audit-entityId" name="entityId" defaultValue={query.entityId ?? ''} placeholder="e.g. support-reply" />
      </div>
      <div className="flex gap-2">
        <Button type="submit" className="flex-1 lg:flex-none">
          Filter
        </Button>
        {filtered && (
          <Button asChild variant="outline" className="flex-1 lg:flex-none">
            <Link href="/audit">Clear</Link>
          </Button>
        )}
      </div>
    </Form>
  );
}
