import Link from 'next/link';
import { Timestamp } from '@/components/console/timestamp';
import { formatUsd } from '@/components/console/usd';
import { promptPath } from '@/components/prompts/paths';
import type { ExecutionDetail } from '@/lib/executions/browse';
import { ExecutionStatusBadge } from './execution-status-badge';
import { executionsHref } from './execution-query';
import { formatLatency, formatTokens } from './figures';

const experimentPath = (key: string) => `/experiments/${encodeURIComponent(key)}`;

/** The execution's title line: what ran, its status and when. */
export function ExecutionHeader({ execution: e }: { execution: ExecutionDetail }) {
  return (
    <div className="grid gap-1">
      <Link href="/executions" className="text-sm text-muted-foreground hover:underline">
        ← Executions
      </Link>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <h1 className="text-2xl font-semibold tracking-tight wrap-anywhere">
          {e.promptName ? (
            <>
              {e.promptName}
              <span className="text-muted-foreground">@{e.version}</span>
            </>
          ) : (
            (e.model ?? 'Execution')
          )}
        </h1>
        <ExecutionStatusBadge status={e.status} testId="execution-status" />
      </div>
      <p className="text-sm text-muted-foreground">
        {e.source} · <Timestamp iso={e.createdAt} />
      </p>
    </div>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid min-w-0 gap-0.5">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="text-sm wrap-anywhere">{children}</dd>
    </div>
  );
}

const none = <span className="text-muted-foreground">—</span>;

/** Where the execution came from and what it cost, each value linking to its own page or filter. */
export function ExecutionFacts({ execution: e }: { execution: ExecutionDetail }) {
  return (
    <dl className="grid grid-cols-2 gap-x-6 gap-y-3 sm:grid-cols-3 lg:grid-cols-4" data-testid="execution-facts">
      <Fact label="Prompt">
        {e.promptName ? (
          <Link href={promptPath(e.promptName)} className="text-primary hover:underline" data-testid="execution-prompt-link">
            {e.promptName}
          </Link>
        ) : (
          'none (a plain model call)'
        )}
      </Fact>
      <Fact label="Version">
        {e.promptName && e.version !== null ? (
          <Link href={executionsHref({ prompt: e.promptName, version: String(e.version) })} className="text-primary hover:underline" title="Executions of this version">
            v{e.version}
          </Link>
        ) : (
          none
        )}
      </Fact>
      <Fact label="Label">
        {e.label && e.promptName ? (
          <Link href={promptPath(e.promptName)} className="hover:underline">
            {e.label}
          </Link>
        ) : (
          <span className="text-muted-foreground">{e.variant ? 'none: served by the experiment' : '—'}</span>
        )}
      </Fact>
      <Fact label="Experiment">
        {e.experimentKey ? (
          <Link href={experimentPath(e.experimentKey)} className="text-primary hover:underline" data-testid="execution-experiment-link">
            {e.experimentName ?? e.experimentKey}
          </Link>
        ) : (
          none
        )}
      </Fact>
      <Fact label="Variant">
        {e.variant && e.experimentKey ? (
          <Link href={executionsHref({ experiment: e.experimentKey, variant: e.variant })} className="font-mono text-xs text-primary hover:underline" title="Executions of this variant">
            {e.variant}
          </Link>
        ) : (
          none
        )}
      </Fact>
      <Fact label="Model">
        {e.model ? (
          <span className="font-mono text-xs">
            {e.provider ? `${e.provider}/` : ''}
            {e.model}
          </span>
        ) : (
          none
        )}
      </Fact>
      <Fact label="Latency">{formatLatency(e.latencyMs)}</Fact>
      <Fact label="Tokens in / out">{formatTokens(e.inputTokens, e.outputTokens)}</Fact>
      <Fact label="Cost">{e.costUsd ? <span title={`${e.costUsd} USD`}>{formatUsd(e.costUsd)}</span> : none}</Fact>
      <Fact label="Unit">{e.unitId ? <span className="font-mono text-xs">{e.unitId}</span> : none}</Fact>
      <Fact label="Session">{e.sessionId ? <span className="font-mono text-xs">{e.sessionId}</span> : none}</Fact>
      <Fact label="Completed">{e.completedAt ? <Timestamp iso={e.completedAt} /> : none}</Fact>
      <Fact label="Execution id">
        <span className="font-mono text-xs" data-testid="execution-id">
          {e.id}
        </span>
      </Fact>
    </dl>
  );
}
