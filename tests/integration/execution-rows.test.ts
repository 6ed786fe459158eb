// Executions and metrics are written as one JSON parameter per batch (jsonb_to_recordset):
// what goes in must come out exactly, defaults included, whatever the text holds.
import { eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { insertExecutions, upsertMetrics } from '@/db/queries/executions';
import { executionMetrics, executions } from '@/db/schema';
import { newId } from '@/lib/ids';
import { withTestDatabase } from '../support/db';

withTestDatabase();

const base = () => ({ id: newId(), promptId: newId(), promptName: 'folder/prompt', version: 3, label: 'production', variables: {} });

describe('writing executions in batches', () => {
  it('stores every field as given, and the defaults for those left out', async () => {
    const createdAt = new Date('2026-01-02T03:04:05.678Z');
    const full = {
      ...base(),
      label: null,
      experimentId: newId(),
      variant: 'b',
      unitId: 'user-1',
      sticky: false,
      status: 'success' as const,
      variables: { orders: [{ id: 'A-1', total: 12.5 }], flag: true, none: null },
      source: 'gateway' as const,
      metadata: { source: 'test' },
      attributes: { country: 'de', plan: 'pro', beta: true },
      sessionId: 'session-1',
      messages: [{ role: 'user', content: 'Hi "there"' }],
      provider: 'openai',
      model: 'gpt-4o-mini',
      latencyMs: 812,
      inputTokens: 120,
      outputTokens: 48,
      costUsd: '0.0001234567',
      output: 'Hello',
      error: null,
      apiKeyId: '01a23a64-8d24-7003-a35e-000000000001',
      traceId: 'trace',
      spanId: 'span',
      createdAt,
      completedAt: createdAt,
    };
    const minimal = base();
    await insertExecutions(getDb(), [full, minimal]);
    const rows = await getDb().select().from(executions).where(inArray(executions.id, [full.id, minimal.id]));
    expect(rows.find((r) => r.id === full.id)).toEqual(full);
    expect(rows.find((r) => r.id === minimal.id)).toMatchObject({ sticky: true, status: 'resolved', source: 'resolve', unitId: null, metadata: null, attributes: null, messages: null, completedAt: null });
    expect(Date.now() - rows.find((r) => r.id === minimal.id)!.createdAt.getTime()).toBeLessThan(60_000);
  });

  it('keeps quotes, backslashes, new lines and any Unicode; a lone surrogate becomes U+FFFD instead of failing the batch', async () => {
    const odd = { ...base(), unitId: `it's "quoted" \\ back\nslash ünïcødé 🎉 \u{1F600}`, variables: { text: 'a\tb\\c"d\'e\u2028' } };
    const lone = { ...base(), unitId: 'user-\ud800-x', variables: { text: 'half \udc00 pair' } };
    await insertExecutions(getDb(), [odd, lone]);
    const [stored] = await getDb().select().from(executions).where(eq(executions.id, odd.id));
    expect(stored).toMatchObject({ unitId: odd.unitId, variables: odd.variables });
    const [replaced] = await getDb().select().from(executions).where(eq(executions.id, lone.id));
    expect(replaced).toMatchObject({ unitId: 'user-\ufffd-x', variables: { text: 'half \ufffd pair' } });
  });

  it('stores metric values to the last bit and replaces a repeated (execution, name)', async () => {
    const execution = base();
    await insertExecutions(getDb(), [execution]);
    // The largest magnitude the value check allows, at full precision.
    const values = [0.1 + 0.2, 1e-300, -123456.789, 1e15 - 0.125];
    const write = (value: number, name: string) => ({ executionId: execution.id, name, value, experimentId: null, variant: null, unitId: null });
    await upsertMetrics(getDb(), values.map((v, i) => write(v, `m${i}`)));
    await upsertMetrics(getDb(), [write(42, 'm0')]);
    const rows = await getDb().select().from(executionMetrics).where(eq(executionMetrics.executionId, execution.id));
    expect(Object.fromEntries(rows.map((r) => [r.name, r.value]))).toEqual({ m0: 42, m1: 1e-300, m2: -123456.789, m3: 1e15 - 0.125 });
    expect(rows.every((r) => r.unitId === null)).toBe(true);
  });

  it("stores the metric's unit id as given, quotes and Unicode included", async () => {
    const unitId = `it's "user" \\ ünï 🎉`;
    const execution = { ...base(), experimentId: newId(), variant: 'b', unitId };
    await insertExecutions(getDb(), [execution]);
    await upsertMetrics(getDb(), [{ executionId: execution.id, name: 'conversion', value: 1, experimentId: execution.experimentId, variant: 'b', unitId }]);
    const [row] = await getDb().select().from(executionMetrics).where(eq(executionMetrics.executionId, execution.id));
    expect(row).toMatchObject({ name: 'conversion', value: 1, experimentId: execution.experimentId, variant: 'b', unitId });
  });
});
