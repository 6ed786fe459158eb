import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import type { VersionPerformance as Figures } from '@/lib/executions/performance';
import { NO_CALLS_YET, PerformanceTable } from './performance-table';

type Props = { rows: Figures[]; labels: Record<string, number> };

/** The prompt page's "Cost and latency" card: one row per version that has model calls. */
export function VersionPerformance({ rows, labels }: Props) {
  const labelsOf = (version: number) => Object.keys(labels).filter((l) => labels[l] === version && l !== 'latest');
  return (
    <Card data-testid="version-performance">
      <CardHeader>
        <CardTitle>Cost and latency</CardTitle>
        <CardDescription>
          Per version, over the model calls Verso recorded (runs, the gateway, the playground, completions applications report). Errors include
          timeouts; the mean cost is over calls with a known price.
        </CardDescription>
      </CardHeader>
      <CardContent>
        {rows.length === 0 ? (
          <p className="text-sm text-muted-foreground" data-testid="version-performance-empty">
            {NO_CALLS_YET}
          </p>
        ) : (
          <PerformanceTable
            what="Version"
            rows={rows.map((r) => ({
              id: String(r.version),
              testId: `version-performance-${r.version}`,
              label: (
                <>
                  <span className="font-mono">v{r.version}</span>
                  {labelsOf(r.version).map((l) => (
                    <span key={l} className="ml-1.5 text-xs text-muted-foreground">
                      {l}
                    </span>
                  ))}
                </>
              ),
              figures: r,
            }))}
          />
        )}
      </CardContent>
    </Card>
  );
}
