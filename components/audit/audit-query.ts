export type AuditQuery = { actor?: string; entityType?: string; entityId?: string; action?: string; before?: string };

/** A link to the audit page with these filters; blank values are left out of the URL. */
export function auditHref(query: AuditQuery): string {
  const params = new URLSearchParams();
  for (const key of ['actor', 'entityType', 'entityId', 'action', 'before'] as const) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  const search = params.toString();
  return search ? `/audit?${search}` : '/audit';
}
