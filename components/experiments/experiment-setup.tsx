import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { ExperimentView } from '@/lib/experiments/views';
import { percent } from './figures';

/** What the experiment serves: variants with versions, shares and model overrides, coverage, targeting and salt. */
export function ExperimentSetup({ experiment: e }: { experiment: ExperimentView }) {
  const total = e.variants.reduce((a, v) => a + v.weight, 0);
  return (
    <div className="space-y-3 text-sm">
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>Variant</TableHead>
            <TableHead>Version</TableHead>
            <TableHead className="text-right">Weight</TableHead>
            <TableHead>Model</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {e.variants.map((v) => (
            <TableRow key={v.key}>
              <TableCell className="font-mono">
                {v.key}
                {v.control && <span className="ml-1 text-xs text-muted-foreground">(control)</span>}
              </TableCell>
              <TableCell>v{v.version}</TableCell>
              <TableCell className="text-right tabular-nums">
                {v.weight} <span className="text-xs text-muted-foreground">({percent(v.weight / total)})</span>
              </TableCell>
              <TableCell className="text-xs">
                {v.modelConfig && Object.keys(v.modelConfig).length > 0
                  ? [v.modelConfig.provider, v.modelConfig.model, v.modelConfig.temperature !== undefined && `temperature ${v.modelConfig.temperature}`]
                      .filter(Boolean)
                      .join(' · ')
                  : <span className="text-muted-foreground">the version’s own</span>}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-xs">
        <dt className="text-muted-foreground">Coverage</dt>
        <dd>{percent(e.coverage)} of units; the others get production</dd>
        <dt className="text-muted-foreground">Targeting</dt>
        <dd data-testid="experiment-targeting-view">
          {e.targeting ? (
            <>
              <code className="font-mono break-all">{JSON.stringify(e.targeting)}</code>
              <span className="block text-muted-foreground">units whose attributes do not match get production</span>
            </>
          ) : (
            'every unit'
          )}
        </dd>
        <dt className="text-muted-foreground">Salt</dt>
        <dd className="font-mono break-all">{e.salt}</dd>
        <dt className="text-muted-foreground">Primary metric</dt>
        <dd>
          <span className="font-mono">{e.primaryMetric.name}</span> ({e.primaryMetric.type}, {e.primaryMetric.direction})
        </dd>
        <dt className="text-muted-foreground">Guardrails</dt>
        <dd>
          {e.guardrailMetrics.length === 0
            ? 'none'
            : e.guardrailMetrics.map((g) => `${g.name} (${g.type}, ${g.direction}, ${percent(g.tolerance, 0)} tolerated)`).join('; ')}
        </dd>
        <dt className="text-muted-foreground">Minimum sample</dt>
        <dd>{e.minSampleSize.toLocaleString('en-US')} units per variant</dd>
      </dl>
    </div>
  );
}
