import { Badge } from '@/components/ui/badge';
import type { ProviderStatus } from '@/lib/models/providers';

/** Which providers can be called: a provider is configured by one environment variable. */
export function ProviderStatuses({ providers }: { providers: ProviderStatus[] }) {
  return (
    <ul className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
      {providers.map((p) => (
        <li key={p.id} className="grid content-start gap-1.5 rounded-lg border p-3" data-testid={`provider-status-${p.id}`} data-configured={p.configured}>
          <div className="flex items-start justify-between gap-2">
            <span className="text-sm font-medium">{p.label}</span>
            <Badge variant={p.configured ? 'success' : 'outline'} className="shrink-0">
              {p.configured ? 'configured' : 'not configured'}
            </Badge>
          </div>
          <p className="text-xs text-muted-foreground">
            {p.configured ? (
              <>
                Set by <code className="font-mono">{p.variable}</code>.
              </>
            ) : (
              <>
                Set <code className="font-mono">{p.variable}</code> in the server’s environment and restart Verso to call these models.
              </>
            )}
          </p>
        </li>
      ))}
    </ul>
  );
}
