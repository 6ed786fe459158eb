import Link from 'next/link';
import { formatCost } from '@/components/console/usd';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import type { ColumnOutcome } from '@/lib/executions/playground';

type Props = { index: number; outcome: ColumnOutcome | null; running: boolean };

/** A column's answer: the output with its latency, tokens, cost and execution, or what went wrong. */
export function ColumnResult({ index, outcome, running }: Props) {
  const id = (what: string) => `column-${index}-${what}`;
  if (running) {
    return (
      <p className="rounded-md border border-dashed p-3 text-sm text-muted-foreground" data-testid={id('output')} aria-busy="true">
        Running…
      </p>
    );
  }
  if (!outcome) {
    return <p className="rounded-md border border-dashed p-3 text-sm text-muted-foreground">Run to see what this version and model answer.</p>;
  }
  if (!outcome.ok) {
    return (
      <Alert variant="destructive" data-testid={id('error')}>
        <AlertTitle>{outcome.error.code === 'provider_not_configured' ? 'Provider not configured' : 'This column failed'}</AlertTitle>
        <AlertDescription className="break-words">{outcome.error.message}</AlertDescription>
      </Alert>
    );
  }
  return (
    <div className="space-y-2">
      <pre
        className="max-h-[28rem] overflow-auto rounded-md border bg-muted/40 p-3 font-mono text-xs leading-relaxed whitespace-pre-wrap break-words"
        data-testid={id('output')}
      >
        {outcome.output || <span className="text-muted-foreground">(empty answer)</span>}
      </pre>
      <dl className="grid grid-cols-3 gap-2 text-xs">
        <div>
          <dt className="text-muted-foreground">Latency</dt>
          <dd className="tabular-nums" data-testid={id('latency')}>
            {outcome.latencyMs.toLocaleString('en-US')} ms
          </dd>
        </div>
        <div>
          <dt className="text-muted-foreground">Tokens in / out</dt>
          <dd className="tabular-nums" data-testid={id('tokens')}>
            {outcome.usage.inputTokens.toLocaleString('en-US')} / {outcome.usage.outputTokens.toLocaleString('en-US')}
          </dd>
        </div>
        <div>
          <dt className="text-muted-foreground">Cost</dt>
          <dd className="tabular-nums" data-testid={id('cost')} title={outcome.costUsd === null ? 'The catalog has no price for this model' : `${outcome.costUsd} USD`}>
            {formatCost(outcome.costUsd)}
          </dd>
        </div>
      </dl>
      <p className="text-xs text-muted-foreground">
        {outcome.executionId ? (
          <Link href={`/executions/${outcome.executionId}`} className="text-primary underline" data-testid={id('execution-link')}>
            Open the execution
          </Link>
        ) : (
          'A draft run: traced, not recorded as an execution.'
        )}
      </p>
    </div>
  );
}
