import { NO_CALLS_YET, PerformanceTable } from '@/components/prompts/performance-table';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import type { VariantPerformance as Figures } from '@/lib/executions/performance';
import type { VariantView } from '@/lib/experiments/views';

type Props = { rows: Figures[]; variants: VariantView[] };

/** The experiment page's "Cost and latency" card: one row per variant. */
export function VariantPerformance({ rows, variants }: Props) {
  const called = rows.some((r) => r.calls > 0);
  return (
    <Card data-testid="variant-performance">
      <CardHeader>
        <CardTitle>Cost and latency</CardTitle>
        <CardDescription>
          Per variant, over the model calls Verso recorded for this experiment. A variant that only resolves (the application calls the model
          itself) shows calls only when the application reports them.
        </CardDescription>
      </CardHeader>
      <CardContent>
        {!called ? (
          <p className="text-sm text-muted-foreground" data-testid="variant-performance-empty">
            {NO_CALLS_YET}
          </p>
        ) : (
          <PerformanceTable
            what="Variant"
            rows={rows.map((r) => {
              const v = variants.find((x) => x.key === r.variant);
              const model = v?.modelConfig?.model;
              return {
                id: r.variant,
                testId: `variant-performance-${r.variant}`,
                label: (
                  <>
                    <span className="font-mono">{r.variant}</span>
                    {v && <span className="ml-1.5 text-xs text-muted-foreground">v{v.version}</span>}
                    {model && <span className="ml-1.5 text-xs text-muted-foreground">{model}</span>}
                    {v?.control && (
                      <Badge variant="secondary" className="ml-1.5">
                        control
                      </Badge>
                    )}
                  </>
                ),
                figures: r,
              };
            })}
          />
        )}
      </CardContent>
    </Card>
  );
}
