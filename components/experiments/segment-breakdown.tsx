import Link from 'next/link';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { SegmentBreakdown as Breakdown, SegmentResult } from '@/lib/experiments/results';
import type { ExperimentView } from '@/lib/experiments/views';
import { count, estimate, estimateOf, pValue, signedPercent } from './figures';
import { RelativeEffectCell, Verdict } from './metric-table';

type Props = {
  experiment: Pick<ExperimentView, 'key' | 'variants' | 'primaryMetric' | 'method' | 'minSampleSize'>;
  /** Attribute names seen in the experiment's executions, offered as links. */
  attributes: string[];
  /** The attribute asked for (valid or not), to fill the input back in. */
  current: string | undefined;
  /** Why the asked-for attribute was refused; the page renders without a breakdown. */
  error: string | null;
  breakdown: Breakdown | null;
};

const ANCHOR = '#segments';

function pageHref(key: string, segment?: string) {
  const base = `/experiments/${encodeURIComponent(key)}`;
  return segment === undefined ? base : `${base}?segment=${encodeURIComponent(segment)}${ANCHOR}`;
}

function SegmentTable({ segment, experiment }: { segment: SegmentResult; experiment: Props['experiment'] }) {
  const { metric } = segment;
  const name = segment.value ?? '(not set)';
  // Each segment is its own fixed-horizon test: it is final only once every variant in it reached the planned sample.
  const provisional = experiment.method === 'frequentist' && segment.variants.some((v) => v.units < experiment.minSampleSize);
  return (
    <div className="space-y-1" data-testid={`segment-${segment.value ?? 'not-set'}`}>
      <h4 className="text-sm font-medium">
        <span className={segment.value === null ? 'text-muted-foreground' : 'font-mono'}>{name}</span>
      </h4>
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>Variant</TableHead>
            <TableHead className="text-right">Units</TableHead>
            <TableHead className="text-right">{metric.metric.type === 'binary' ? 'Rate' : metric.metric.per === 'execution' ? 'Ratio' : 'Mean'}</TableHead>
            <TableHead className="text-right">Relative Δ [CI]</TableHead>
            <TableHead className="text-right">Adjusted p</TableHead>
            <TableHead>Result</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {experiment.variants.map((v) => {
            const c = metric.comparisons.find((x) => x.variant === v.key);
            const units = segment.variants.find((x) => x.key === v.key)?.units ?? 0;
            return (
              <TableRow key={v.key} data-testid={`segment-row-${segment.value ?? 'not-set'}-${v.key}`}>
                <TableCell className="font-mono whitespace-nowrap">
                  {v.key}
                  {v.control && (
                    <Badge variant="secondary" className="ml-1">
                      control
                    </Badge>
                  )}
                </TableCell>
                <TableCell className="text-right tabular-nums">{count(units)}</TableCell>
                <TableCell className="text-right tabular-nums">{estimate(metric.metric.type, estimateOf(metric.summaries[v.key]))}</TableCell>
                {c ? (
                  <>
                    <RelativeEffectCell c={c} />
                    <TableCell className="text-right tabular-nums">{pValue(c.adjustedPValue)}</TableCell>
                    <TableCell>
                      <Verdict c={c} provisional={provisional} />
                    </TableCell>
                  </>
                ) : (
                  <TableCell colSpan={3} className="text-xs text-muted-foreground">
                    baseline
                  </TableCell>
                )}
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
}

/**
 * The primary metric broken down by one attribute of the units: a plain GET form (the page
 * reloads with ?segment=), the multiple-testing caution first, then one small table per value.
 */
export function SegmentBreakdown({ experiment, attributes, current, error, breakdown }: Props) {
  return (
    <section className="space-y-3 scroll-mt-4" id="segments" aria-labelledby="segments-title" data-testid="segment-breakdown">
      <div className="space-y-1">
        <h2 id="segments-title" className="text-lg font-semibold">
          Segments
        </h2>
        <p className="text-sm text-muted-foreground">
          <span className="font-mono">{experiment.primaryMetric.name}</span> per value of one attribute the application sends with its units
          (for example <span className="font-mono">country</span>).
        </p>
      </div>
      <form method="get" action={`${pageHref(experiment.key)}${ANCHOR}`} className="flex flex-wrap items-end gap-2" data-testid="segment-form">
        <div className="grid gap-1">
          <Label htmlFor="segment-attribute" className="text-xs">
            Attribute
          </Label>
          <Input
            id="segment-attribute"
            name="segment"
            list="segment-attributes"
            defaultValue={current ?? ''}
            placeholder="country"
            className="w-48 font-mono"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'segment-error' : undefined}
            data-testid="segment-input"
          />
          <datalist id="segment-attributes">
            {attributes.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
        </div>
        <Button type="submit" variant="outline" size="sm" data-testid="segment-submit">
          Break down
        </Button>
        {(breakdown || error) && (
          <Link href={pageHref(experiment.key)} className="text-sm text-primary underline" data-testid="segment-clear">
            Clear
          </Link>
        )}
      </form>
      {attributes.length > 0 ? (
        <p className="flex flex-wrap items-center gap-1.5 text-xs text-muted-foreground" data-testid="segment-attributes">
          Seen in this experiment:
          {attributes.map((a) => (
            <Link
              key={a}
              href={pageHref(experiment.key, a)}
              className={`rounded border px-1.5 py-0.5 font-mono hover:bg-accent ${a === breakdown?.attribute ? 'border-primary text-foreground' : ''}`}
              aria-current={a === breakdown?.attribute ? 'true' : undefined}
            >
              {a}
            </Link>
          ))}
        </p>
      ) : (
        <p className="text-xs text-muted-foreground">
          No execution of this experiment carries attributes yet: send them with <span className="font-mono">attributes</span> on resolve to break
          results down.
        </p>
      )}
      {error && (
        <Alert variant="destructive" id="segment-error" data-testid="segment-error">
          <AlertTitle>Can’t break down by “{current}”</AlertTitle>
          <AlertDescription>The segment must be {error}.</AlertDescription>
        </Alert>
      )}
      {breakdown && (
        <div className="space-y-3" data-testid="segment-results">
          <Alert variant="warning" data-testid="segment-note">
            <AlertTitle>Many comparisons: read these as leads</AlertTitle>
            <AlertDescription>{breakdown.note}</AlertDescription>
          </Alert>
          {breakdown.segments.length === 0 ? (
            <p className="text-sm text-muted-foreground">No units yet.</p>
          ) : (
            breakdown.segments.map((s) => <SegmentTable key={s.value ?? '\u0000'} segment={s} experiment={experiment} />)
          )}
        </div>
      )}
    </section>
  );
}
