// Cost and latency per version and per variant, aggregated in SQL. Every expected figure below
// is worked out by hand: percentile_cont interpolates between the two nearest latencies at
// position p × (n − 1) of the sorted list, and money is exact decimal arithmetic.
import { describe, expect, it } from 'vitest';
import type { ExecutionFinish } from '@/db/queries/executions';
import type { Actor } from '@/lib/auth/roles';
import { newId } from '@/lib/ids';
import { experimentRecord } from '@/lib/experiments/experiments';
import { completeExecution } from '@/lib/executions/outcomes';
import { finishExecution, recordExecution } from '@/lib/executions/recorder';
import { variantPerformance, versionPerformance } from '@/lib/executions/performance';
import { getVersion } from '@/lib/prompts/registry';
import { withTestDatabase } from '../support/db';
import { givenExperiment, uniqueKey } from '../support/experiments';
import { givenPrompt, uniqueName } from '../support/prompts';

withTestDatabase();

/** The application's key: it serves the executions, so it may complete them. */
const app: Actor = { type: 'api_key', id: newId(), name: 'key:app', role: 'service' };

type Call = {
  status: ExecutionFinish['status'] | 'resolved';
  latencyMs?: number;
  costUsd?: string | null;
  tokens?: [number, number];
  /** Completed by the application (PATCH /executions/{id}) rather than by Verso's own model call. */
  reported?: boolean;
};

/** Records executions as the serving path does: a resolved row, then the call's outcome written onto it. */
async function given(prompt: string, version: number, calls: Call[], experiment?: { id: string; variant: string }) {
  const { prompt: row } = await getVersion(prompt, { version });
  await Promise.all(
    calls.map(async (call) => {
      const id = newId();
      await recordExecution({
        id,
        promptId: row.id,
        promptName: prompt,
        version,
        label: experiment ? null : 'production',
        experimentId: experiment?.id ?? null,
        variant: experiment?.variant ?? null,
        source: 'run',
        variables: {},
        provider: 'openai',
        model: 'gpt-4o-mini',
        apiKeyId: app.id,
      });
      if (call.status === 'resolved') return;
      if (call.reported) {
        await completeExecution(app, id, { status: call.status, latencyMs: call.latencyMs, inputTokens: call.tokens?.[0], outputTokens: call.tokens?.[1] });
        return;
      }
      await finishExecution({
        id,
        status: call.status,
        latencyMs: call.latencyMs!,
        inputTokens: call.tokens?.[0] ?? null,
        outputTokens: call.tokens?.[1] ?? null,
        costUsd: call.costUsd ?? null,
        output: call.status === 'success' ? 'ok' : null,
        error: call.status === 'success' ? null : 'failed',
      });
    }),
  );
}

describe('cost and latency per version', () => {
  it('counts completed calls, interpolates p50 and p95, and averages cost exactly', async () => {
    const name = await givenPrompt(uniqueName('perf'), { versions: 3 });
    await given(name, 1, [
      { status: 'success', latencyMs: 300, costUsd: '0.0000450000', tokens: [30, 5] },
      { status: 'success', latencyMs: 100, costUsd: '0.0000100000', tokens: [10, 5] },
      { status: 'success', latencyMs: 200, costUsd: '0.0000200000', tokens: [20, 5] },
      { status: 'error', latencyMs: 400 },
      { status: 'timeout', latencyMs: 1000 },
      // Reported by the application without a latency or a cost: a call, but not in the percentiles or the mean.
      { status: 'success', reported: true, tokens: [7, 3] },
      // Resolved only: the application may never have called a model.
      { status: 'resolved' },
    ]);
    await given(name, 2, [
      { status: 'success', latencyMs: 150, costUsd: '0.0000000002' },
      { status: 'success', latencyMs: 50, costUsd: '0.0000000001' },
    ]);
    // Another prompt's calls stay out of this one's figures.
    const other = await givenPrompt(uniqueName('perf-other'));
    await given(other, 1, [{ status: 'success', latencyMs: 5, costUsd: '9.0000000000' }]);

    const rows = await versionPerformance(name);

    expect(rows.map((r) => r.version)).toEqual([2, 1]);
    const [v2, v1] = rows;
    // Latencies 100, 200, 300, 400, 1000: p50 at position 2 is 300; p95 at 3.8 is 400 + 0.8 × 600 = 880.
    // Costs 0.00001 + 0.00002 + 0.000045 = 0.000075 over 3 priced calls = 0.000025 each.
    expect(v1).toEqual({
      version: 1,
      calls: 6,
      errors: 2,
      errorRate: 2 / 6,
      p50LatencyMs: 300,
      p95LatencyMs: 880,
      meanCostUsd: '0.0000250000',
      costPer1kUsd: '0.0250000000',
      totalTokens: 85,
    });
    // 50 and 150: p50 = 100, p95 = 50 + 0.95 × 100 = 145. The mean 0.00000000015 rounds half up to
    // 1e-10 precision (0.0000000002), while per 1,000 calls it is exact: 0.00000015.
    expect(v2).toEqual({
      version: 2,
      calls: 2,
      errors: 0,
      errorRate: 0,
      p50LatencyMs: 100,
      p95LatencyMs: 145,
      meanCostUsd: '0.0000000002',
      costPer1kUsd: '0.0000001500',
      totalTokens: 0,
    });
  });

  it('has no rows for a prompt nobody has called a model with', async () => {
    const name = await givenPrompt(uniqueName('perf-none'));
    await given(name, 1, [{ status: 'resolved' }, { status: 'resolved' }]);
    expect(await versionPerformance(name)).toEqual([]);
  });

  it('refuses an unknown prompt', async () => {
    await expect(versionPerformance('no-such-prompt')).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('cost and latency per variant', () => {
  it('aggregates each variant of the experiment, and a variant without calls has zeros', async () => {
    const name = await givenPrompt(uniqueName('perf-exp'), { versions: 2 });
    const key = uniqueKey('perf');
    await givenExperiment(key, name, { variants: [{ key: 'control', version: 1, control: true }, { key: 'b', version: 2 }, { key: 'c', version: 2 }] }, { start: true });
    const { id } = await experimentRecord(key);
    await given(
      name,
      1,
      [
        { status: 'success', latencyMs: 40, costUsd: '0.0040000000', tokens: [100, 20] },
        { status: 'success', latencyMs: 10, costUsd: '0.0010000000', tokens: [100, 20] },
        { status: 'success', latencyMs: 30, costUsd: '0.0030000000', tokens: [100, 20] },
        { status: 'success', latencyMs: 20, costUsd: '0.0020000000', tokens: [100, 20] },
      ],
      { id, variant: 'control' },
    );
    await given(name, 2, [{ status: 'error', latencyMs: 900 }, { status: 'resolved' }], { id, variant: 'b' });
    // The same version served outside the experiment does not count for the variant.
    await given(name, 2, [{ status: 'success', latencyMs: 1, costUsd: '1.0000000000' }]);

    const rows = await variantPerformance(key);

    expect(rows.map((r) => r.variant)).toEqual(['control', 'b', 'c']);
    // 10, 20, 30, 40: p50 at 1.5 is 25; p95 at 2.85 is 30 + 0.85 × 10 = 38.5. Mean cost 0.01 / 4 = 0.0025.
    expect(rows[0]).toEqual({
      variant: 'control',
      calls: 4,
      errors: 0,
      errorRate: 0,
      p50LatencyMs: 25,
      p95LatencyMs: 38.5,
      meanCostUsd: '0.0025000000',
      costPer1kUsd: '2.5000000000',
      totalTokens: 480,
    });
    expect(rows[1]).toEqual({
      variant: 'b',
      calls: 1,
      errors: 1,
      errorRate: 1,
      p50LatencyMs: 900,
      p95LatencyMs: 900,
      meanCostUsd: null,
      costPer1kUsd: null,
      totalTokens: 0,
    });
    expect(rows[2]).toMatchObject({ variant: 'c', calls: 0, p50LatencyMs: null, meanCostUsd: null });
  });
});
