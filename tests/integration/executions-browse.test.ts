// The console's executions section reads through lib/executions/browse: every filter narrows to
// exactly the matching rows, pages follow (created_at, id) without losing or repeating a row, and
// a resolve-only execution shows the prompt the application got, rendered again from its version.
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { insertExecutions, type NewExecution } from '@/db/queries/executions';
import { listExecutions, getExecutionDetail, type ExecutionSummary } from '@/lib/executions/browse';
import type { ExecutionBrowseQuery } from '@/lib/executions/browse-schemas';
import { recordMetrics } from '@/lib/executions/outcomes';
import { resolvePrompt } from '@/lib/executions/resolve';
import { newId } from '@/lib/ids';
import { viewer } from '../support/actors';
import { withTestDatabase } from '../support/db';
import { executionRow, givenExperiment } from '../support/experiments';
import { givenPrompt } from '../support/prompts';

withTestDatabase();

const NOW = new Date('2030-06-01T12:00:00.000Z');
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);

let all: ExecutionSummary[];
let resolvedId: string;
let chatId: string;
let runId: string;
let proxyId: string;

/** Every execution matching the query, all pages followed. */
async function everything(query: ExecutionBrowseQuery = {}): Promise<ExecutionSummary[]> {
  const out: ExecutionSummary[] = [];
  let before: string | undefined;
  do {
    const page = await listExecutions(viewer, { ...query, limit: 200, before }, NOW);
    out.push(...page.data);
    before = page.nextCursor ?? undefined;
  } while (before);
  return out;
}

const ids = (rows: ExecutionSummary[]) => rows.map((r) => r.id);

// A run through the model as the run endpoint and the gateway store it.
const modelCall = (overrides: Partial<NewExecution>): NewExecution => ({
  id: newId(),
  promptId: null,
  promptName: null,
  version: null,
  variables: {},
  status: 'success',
  source: 'run',
  provider: 'openai',
  model: 'gpt-4o-mini',
  latencyMs: 640,
  inputTokens: 12,
  outputTokens: 30,
  costUsd: '0.0000198000',
  output: 'Hello Ada',
  messages: [{ role: 'user', content: 'Say hello to Ada' }],
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId: 'b7ad6b7169203331',
  createdAt: minutesAgo(30),
  completedAt: minutesAgo(30),
  ...overrides,
});

beforeAll(async () => {
  await givenPrompt('greeting', { versions: 2, labels: ['production'] });
  await givenPrompt('support/chat', {
    messages: [
      { role: 'system', content: 'You help {{ customer }}.' },
      { role: 'user', content: '{{ question }}' },
    ],
    labels: ['production'],
  });

  // Before the experiment: production (v1) for everyone, one of them two days ago.
  resolvedId = (await resolvePrompt('greeting', { unitId: 'old-1', variables: { name: 'Ada' } }, { createdAt: minutesAgo(2 * 24 * 60) })).executionId;
  await resolvePrompt('greeting', { unitId: 'old-2', variables: { name: 'Bob' } }, { createdAt: minutesAgo(3 * 60) });
  chatId = (await resolvePrompt('support/chat', { variables: { customer: 'Ada', question: 'Where is my order?' } }, { createdAt: minutesAgo(20) }))
    .executionId;

  // During the experiment: each unit gets control (v1) or b (v2).
  await givenExperiment('greet-test', 'greeting', {}, { start: true });
  for (let i = 0; i < 12; i++) await resolvePrompt('greeting', { unitId: `unit-${i}`, variables: { name: `U${i}` } }, { createdAt: minutesAgo(10) });

  runId = newId();
  proxyId = newId();
  await insertExecutions(getDb(), [
    modelCall({ id: runId, promptName: 'greeting', version: 1, label: 'production', variables: { name: 'Ada' }, metadata: { guardrails: [{ rule: 'pii', result: 'pass' }] } }),
    modelCall({ promptName: 'greeting', version: 2, status: 'error', output: null, error: 'openai/gpt-4o-mini failed with 500', source: 'gateway', createdAt: minutesAgo(5) }),
    modelCall({ id: proxyId, source: 'proxy', provider: 'anthropic', model: 'claude-3-5-haiku', status: 'timeout', output: null, createdAt: minutesAgo(90) }),
    modelCall({ source: 'playground', promptName: 'support/chat', version: 1, createdAt: minutesAgo(8 * 24 * 60) }),
  ]);
  await recordMetrics([
    { executionId: resolvedId, name: 'rating', value: 4 },
    { executionId: resolvedId, name: 'conversion', value: 1 },
  ]);
  all = await everything();
});

describe('listing executions', () => {
  it('lists every execution newest first, with its prompt, experiment and model', async () => {
    expect(all).toHaveLength(19);
    const times = all.map((r) => r.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(all.find((r) => r.id === runId)).toMatchObject({
      promptName: 'greeting',
      version: 1,
      source: 'run',
      status: 'success',
      model: 'gpt-4o-mini',
      latencyMs: 640,
      inputTokens: 12,
      outputTokens: 30,
      costUsd: '0.0000198000',
    });
    const inExperiment = all.filter((r) => r.experimentKey === 'greet-test');
    expect(inExperiment).toHaveLength(12);
    expect(new Set(inExperiment.map((r) => r.variant))).toEqual(new Set(['control', 'b']));
  });

  const cases: [string, ExecutionBrowseQuery, (r: ExecutionSummary) => boolean][] = [
    ['prompt name', { prompt: 'support/chat' }, (r) => r.promptName === 'support/chat'],
    ['version', { prompt: 'greeting', version: '2' }, (r) => r.promptName === 'greeting' && r.version === 2],
    ['experiment key', { experiment: 'greet-test' }, (r) => r.experimentKey === 'greet-test'],
    ['variant', { experiment: 'greet-test', variant: 'b' }, (r) => r.experimentKey === 'greet-test' && r.variant === 'b'],
    ['status', { status: 'error' }, (r) => r.status === 'error'],
    ['model', { model: 'claude-3-5-haiku' }, (r) => r.model === 'claude-3-5-haiku'],
    ['source', { source: 'resolve' }, (r) => r.source === 'resolve'],
    ['from and to', { from: minutesAgo(60).toISOString(), to: minutesAgo(9).toISOString() }, (r) => r.createdAt >= minutesAgo(60).toISOString() && r.createdAt < minutesAgo(9).toISOString()],
    ['the last hour', { range: '1h' }, (r) => r.createdAt >= minutesAgo(60).toISOString()],
    ['the last 24 hours', { range: '24h' }, (r) => r.createdAt >= minutesAgo(24 * 60).toISOString()],
    ['the last 7 days', { range: '7d' }, (r) => r.createdAt >= minutesAgo(7 * 24 * 60).toISOString()],
  ];

  it.each(cases)('narrows by %s to exactly the matching executions', async (_what, query, matches) => {
    const expected = all.filter(matches);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(all.length);
    expect(ids(await everything(query))).toEqual(ids(expected));
  });

  it('treats blank fields as "any", as a submitted form sends them', async () => {
    expect(ids(await everything({ prompt: '', version: '', status: '', source: '', range: '', before: '' }))).toEqual(ids(all));
  });

  it('finds nothing for a prompt, model or variant that never ran', async () => {
    expect(await everything({ prompt: 'nobody' })).toEqual([]);
    expect(await everything({ model: 'gpt-nothing' })).toEqual([]);
    expect(await everything({ experiment: 'greet-test', variant: 'zzz' })).toEqual([]);
  });

  it('refuses a status or source Verso does not have', async () => {
    await expect(listExecutions(viewer, { status: 'done' as never })).rejects.toThrow();
    await expect(listExecutions(viewer, { source: 'cron' as never })).rejects.toThrow();
  });
});

describe('paging', () => {
  it('walks every execution once, in order, also across rows that share a created_at', async () => {
    // Twelve of the rows above came from one group commit with one back-dated time; add more ties.
    const tied = minutesAgo(15);
    await insertExecutions(getDb(), Array.from({ length: 9 }, () => modelCall({ createdAt: tied, completedAt: tied })));
    const whole = await everything();
    expect(whole).toHaveLength(all.length + 9);
    const seen: string[] = [];
    let before: string | undefined;
    let pages = 0;
    do {
      const page = await listExecutions(viewer, { limit: 4, before }, NOW);
      expect(page.data.length).toBeLessThanOrEqual(4);
      seen.push(...ids(page.data));
      before = page.nextCursor ?? undefined;
      pages++;
    } while (before);
    expect(seen).toEqual(ids(whole));
    expect(new Set(seen).size).toBe(seen.length);
    expect(pages).toBe(Math.ceil(whole.length / 4));
  });

  it('has no next page when the last page is exactly full', async () => {
    const source = await everything({ source: 'resolve' });
    const page = await listExecutions(viewer, { source: 'resolve', limit: source.length }, NOW);
    expect(page.data).toHaveLength(source.length);
    expect(page.nextCursor).toBeNull();
  });

  it('pages with the filters kept', async () => {
    const first = await listExecutions(viewer, { experiment: 'greet-test', limit: 5 }, NOW);
    const second = await listExecutions(viewer, { experiment: 'greet-test', limit: 5, before: first.nextCursor! }, NOW);
    const third = await listExecutions(viewer, { experiment: 'greet-test', limit: 5, before: second.nextCursor! }, NOW);
    expect([...first.data, ...second.data, ...third.data].map((r) => r.id)).toEqual(ids(all.filter((r) => r.experimentKey === 'greet-test')));
    expect(third.nextCursor).toBeNull();
  });
});

describe('one execution', () => {
  it('renders a resolve-only text execution again from its version and stored variables, with its metrics', async () => {
    const detail = await getExecutionDetail(viewer, resolvedId);
    expect(detail).toMatchObject({
      id: resolvedId,
      promptName: 'greeting',
      version: 1,
      label: 'production',
      source: 'resolve',
      status: 'resolved',
      unitId: 'old-1',
      variables: { name: 'Ada' },
      sent: { kind: 'rendered', rendered: { type: 'text', text: 'v1 Ada' } },
      output: null,
      guardrails: null,
      experimentKey: null,
    });
    expect(detail.metrics.map((m) => [m.name, m.value])).toEqual([
      ['conversion', 1],
      ['rating', 4],
    ]);
  });

  it('renders a resolve-only chat execution as its messages', async () => {
    const detail = await getExecutionDetail(viewer, chatId);
    expect(detail.sent).toEqual({
      kind: 'rendered',
      rendered: {
        type: 'chat',
        messages: [
          { role: 'system', content: 'You help Ada.' },
          { role: 'user', content: 'Where is my order?' },
        ],
      },
    });
  });

  it('names the experiment and variant of an execution served by one, rendered from the variant’s version', async () => {
    const served = all.find((r) => r.experimentKey === 'greet-test' && r.variant === 'b')!;
    const detail = await getExecutionDetail(viewer, served.id);
    const row = await executionRow(served.id);
    expect(detail).toMatchObject({ experimentKey: 'greet-test', experimentName: 'Experiment greet-test', variant: 'b', version: 2 });
    expect(detail.sent).toEqual({ kind: 'rendered', rendered: { type: 'text', text: `v2 ${String(row!.variables.name)}` } });
  });

  it('shows the messages a run sent, its output, trace and guardrail results', async () => {
    const detail = await getExecutionDetail(viewer, runId);
    expect(detail).toMatchObject({
      sent: { kind: 'messages', messages: [{ role: 'user', content: 'Say hello to Ada' }] },
      output: 'Hello Ada',
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      guardrails: [{ rule: 'pii', result: 'pass' }],
      metrics: [],
    });
  });

  it('shows a proxy call, which has no prompt, by its model', async () => {
    const detail = await getExecutionDetail(viewer, proxyId);
    expect(detail).toMatchObject({ promptName: null, version: null, model: 'claude-3-5-haiku', provider: 'anthropic', status: 'timeout' });
    expect(detail.sent.kind).toBe('messages');
  });

  it('is not found for an unknown or malformed id', async () => {
    await expect(getExecutionDetail(viewer, newId())).rejects.toMatchObject({ code: 'not_found' });
    await expect(getExecutionDetail(viewer, 'not-an-id')).rejects.toMatchObject({ code: 'not_found' });
  });
});
