import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { auditEvents } from '@/db/schema';
import { parseDatasetItems } from '@/lib/datasets/formats';
import { datasetItemsView, datasetList, datasetVersionView, datasetView } from '@/lib/datasets/schemas';
import { callApi, expectError, withApiKeys } from '../support/api';
import { withTestDatabase } from '../support/db';
import { givenPrompt } from '../support/prompts';
import { leavesDatabaseAsItWas } from '../support/snapshot';

withTestDatabase();

const keys = withApiKeys();

const items = (name: string, version?: number) =>
  callApi('listDatasetItems', { key: keys.viewer, params: { dataset: name }, query: version ? { version } : {} });
const itemsOf = async (name: string, version?: number) => {
  const res = await items(name, version);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return datasetItemsView.parse(res.body);
};
const create = (name: string, body: Record<string, unknown> = {}, key = keys.editor) => callApi('createDataset', { key, body: { name, ...body } });
const addVersion = (name: string, body: unknown, key = keys.editor) => callApi('createDatasetVersion', { key, params: { dataset: name }, body });
/** Items as they were given: without position and source. */
const bare = (list: { variables: unknown; expected?: unknown; metadata?: unknown }[]) =>
  list.map(({ variables, expected, metadata }) => ({ variables, ...(expected !== undefined ? { expected } : {}), ...(metadata ? { metadata } : {}) }));

const CSV = [
  'question,language,expected,metadata.source',
  '"Where is my order, please?",en,"Look it up: ""Orders"" page",email',
  '"Two\nlines",de,,',
  'plain,fr,Bonjour,chat',
].join('\r\n');

describe('datasets', () => {
  it('creates a dataset with version 1, lists it and shows it, audited', async () => {
    const res = await create('support-cases', { description: 'Tickets we got wrong', items: [{ variables: { q: 'hi' }, expected: 'hello' }], message: 'first' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(datasetView.parse(res.body)).toMatchObject({
      name: 'support-cases',
      description: 'Tickets we got wrong',
      latestVersion: 1,
      itemCount: 1,
      createdBy: 'key:editor',
      versions: [{ version: 1, itemCount: 1, message: 'first', createdBy: 'key:editor' }],
    });
    const empty = await create('empty.set');
    expect(empty.status).toBe(201);
    expect(empty.body).toMatchObject({ latestVersion: 1, itemCount: 0 });

    const list = await callApi('listDatasets', { key: keys.viewer });
    expect(list.status).toBe(200);
    expect(datasetList.parse(list.body).data.map((d) => [d.name, d.latestVersion, d.itemCount])).toEqual(
      expect.arrayContaining([
        ['empty.set', 1, 0],
        ['support-cases', 1, 1],
      ]),
    );
    const got = await callApi('getDataset', { key: keys.viewer, params: { dataset: 'support-cases' } });
    expect(got.body).toEqual(res.body);
    expect((await itemsOf('support-cases')).items).toEqual([{ position: 1, variables: { q: 'hi' }, expected: 'hello', sourceExecutionId: null }]);

    const events = await getDb().select().from(auditEvents).where(and(eq(auditEvents.entityType, 'dataset'), eq(auditEvents.entityId, 'support-cases')));
    expect(events.map((e) => [e.action, e.actorName])).toEqual([
      ['dataset.created', 'key:editor'],
      ['dataset.version_created', 'key:editor'],
    ]);

    expectError(await create('support-cases'), 409, 'conflict');
  });

  it('imports CSV with quoted commas, quotes and newlines, and JSONL with typed values', async () => {
    await create('imported');
    const csv = await addVersion('imported', { content: CSV, format: 'csv', mode: 'replace', message: 'from csv' });
    expect(csv.status, JSON.stringify(csv.body)).toBe(201);
    expect(datasetVersionView.parse(csv.body)).toMatchObject({ version: 2, itemCount: 3, message: 'from csv' });
    expect(bare((await itemsOf('imported')).items)).toEqual([
      { variables: { question: 'Where is my order, please?', language: 'en' }, expected: 'Look it up: "Orders" page', metadata: { source: 'email' } },
      { variables: { question: 'Two\nlines', language: 'de' } },
      { variables: { question: 'plain', language: 'fr' }, expected: 'Bonjour', metadata: { source: 'chat' } },
    ]);

    const jsonl = '{"variables":{"n":3,"tags":["a","b"]},"expected":{"total":6}}\n\n{"variables":{"n":"x"},"metadata":{"k":true}}\n';
    const res = await addVersion('imported', { content: jsonl, format: 'jsonl', mode: 'append' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect((await itemsOf('imported')).items.slice(3)).toEqual([
      { position: 4, variables: { n: 3, tags: ['a', 'b'] }, expected: { total: 6 }, sourceExecutionId: null },
      { position: 5, variables: { n: 'x' }, metadata: { k: true }, sourceExecutionId: null },
    ]);
  });

  it('exports CSV and JSONL that read back as the same items', async () => {
    await create('round-trip', { items: parseDatasetItems(CSV, 'csv') });
    const original = bare((await itemsOf('round-trip')).items);

    const csv = await callApi('listDatasetItems', { key: keys.viewer, params: { dataset: 'round-trip' }, query: { format: 'csv' } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toContain('round-trip-v1.csv');
    expect(parseDatasetItems(csv.body, 'csv')).toEqual(original);

    // JSONL keeps types that CSV cannot: numbers, arrays, objects.
    await addVersion('round-trip', { items: [{ variables: { n: 1.5, list: [1, { a: null }] }, expected: false, metadata: { m: { deep: 'y' } } }], mode: 'append' });
    const all = bare((await itemsOf('round-trip')).items);
    const jsonl = await callApi('listDatasetItems', { key: keys.viewer, params: { dataset: 'round-trip' }, query: { format: 'jsonl' } });
    expect(jsonl.headers.get('content-type')).toMatch(/^application\/jsonl/);
    expect(jsonl.body.trim().split('\n')).toHaveLength(4);
    expect(parseDatasetItems(jsonl.body, 'jsonl')).toEqual(all);

    // Reimported, the export is the same dataset again.
    const again = await addVersion('round-trip', { content: jsonl.body, format: 'jsonl', mode: 'replace' });
    expect(bare((await itemsOf('round-trip', again.body.version)).items)).toEqual(all);
  });

  it('appends and replaces as new versions, leaving the old ones as they were', async () => {
    await create('versions', { items: [{ variables: { a: '1' } }, { variables: { a: '2' } }] });
    const v1 = await itemsOf('versions', 1);
    const appended = await addVersion('versions', { items: [{ variables: { a: '3' } }], mode: 'append', message: 'one more' });
    expect(appended.body).toMatchObject({ version: 2, itemCount: 3, message: 'one more' });
    const replaced = await addVersion('versions', { items: [{ variables: { a: 'new' } }], mode: 'replace' });
    expect(replaced.body).toMatchObject({ version: 3, itemCount: 1 });

    expect((await itemsOf('versions', 1)).items).toEqual(v1.items);
    expect((await itemsOf('versions', 2)).items.map((i) => [i.position, i.variables.a])).toEqual([
      [1, '1'],
      [2, '2'],
      [3, '3'],
    ]);
    expect(await itemsOf('versions')).toMatchObject({ version: 3, items: [{ position: 1, variables: { a: 'new' } }] });
    const view = datasetView.parse((await callApi('getDataset', { key: keys.viewer, params: { dataset: 'versions' } })).body);
    expect(view.versions.map((v) => [v.version, v.itemCount])).toEqual([
      [3, 1],
      [2, 3],
      [1, 2],
    ]);
    expectError(await items('versions', 4), 404, 'not_found');
  });

  it('refuses to change items or versions in the database itself', async () => {
    await create('frozen', { items: [{ variables: { a: '1' } }] });
    const refusal = async (statement: ReturnType<typeof sql>) => {
      try {
        await getDb().execute(statement);
        return null;
      } catch (error) {
        const e = error as { message: string; cause?: { message: string } };
        return e.cause?.message ?? e.message;
      }
    };
    await leavesDatabaseAsItWas(async () => {
      expect(await refusal(sql`update dataset_items set variables = '{"a":"hacked"}'`)).toMatch(/immutable/);
      expect(await refusal(sql`delete from dataset_items`)).toMatch(/immutable/);
      expect(await refusal(sql`update dataset_versions set item_count = 0`)).toMatch(/immutable/);
    });
    expect((await itemsOf('frozen')).items[0]!.variables).toEqual({ a: '1' });
  });

  it("adds an execution's variables as an item", async () => {
    await givenPrompt('greeter', { labels: ['production'] });
    const resolved = await callApi('resolvePrompt', { key: keys.service, params: { name: 'greeter' }, body: { unitId: 'u1', variables: { name: 'Ada' } } });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    const executionId = resolved.body.executionId as string;
    await create('from-prod', { items: [{ variables: { name: 'Bob' } }] });

    const res = await callApi('addDatasetItemFromExecution', { key: keys.editor, params: { dataset: 'from-prod' }, body: { executionId, expected: 'Hello Ada' } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ version: 2, itemCount: 2 });
    expect((await itemsOf('from-prod')).items[1]).toEqual({
      position: 2,
      variables: { name: 'Ada' },
      expected: 'Hello Ada',
      metadata: { executionId, prompt: 'greeter', version: 1 },
      sourceExecutionId: executionId,
    });

    const unknown = await leavesDatabaseAsItWas(() =>
      callApi('addDatasetItemFromExecution', { key: keys.editor, params: { dataset: 'from-prod' }, body: { executionId: '0190a0a0-0000-7000-8000-000000000000' } }),
    );
    expectError(unknown, 404, 'not_found');
  });

  it('lets a viewer read but not write: 403 and nothing written', async () => {
    await create('guarded', { items: [{ variables: { a: '1' } }] });
    expect((await callApi('getDataset', { key: keys.viewer, params: { dataset: 'guarded' } })).status).toBe(200);
    await leavesDatabaseAsItWas(async () => {
      expectError(await create('by-viewer', {}, keys.viewer), 403, 'forbidden');
      expectError(await addVersion('guarded', { items: [{ variables: { a: '2' } }], mode: 'append' }, keys.viewer), 403, 'forbidden');
      expectError(await addVersion('guarded', { content: 'a\n2\n', format: 'csv', mode: 'append' }, keys.service), 403, 'forbidden');
      expectError(
        await callApi('addDatasetItemFromExecution', { key: keys.viewer, params: { dataset: 'guarded' }, body: { executionId: '0190a0a0-0000-7000-8000-000000000000' } }),
        403,
        'forbidden',
      );
      expectError(await callApi('listDatasets', {}), 401, 'unauthorized');
    });
  });

  it('refuses bad input with 400 naming the CSV row or JSONL line, and writes nothing', async () => {
    await create('strict', { items: [{ variables: { a: '1' } }] });
    await leavesDatabaseAsItWas(async () => {
      const short = expectError(await addVersion('strict', { content: 'a,b\n1,2\n3\n', format: 'csv', mode: 'append' }), 400, 'invalid');
      expect(short.message).toMatch(/row 3.*1 fields, but the header has 2/);
      const open = expectError(await addVersion('strict', { content: 'a\n"never closed\n', format: 'csv', mode: 'append' }), 400, 'invalid');
      expect(open.message).toMatch(/line 2.*never closed/);
      const json = expectError(await addVersion('strict', { content: '{"variables":{}}\n{"variables":\n', format: 'jsonl', mode: 'replace' }), 400, 'invalid');
      expect(json.message).toMatch(/JSONL: line 2: not valid JSON/);
      const shape = expectError(await addVersion('strict', { content: '{"variables":{}}\n\n{"vars":{}}\n', format: 'jsonl', mode: 'append' }), 400, 'invalid');
      expect(shape.message).toMatch(/JSONL: line 3/);
      expectError(await addVersion('strict', { items: [{ variables: 'nope' }], mode: 'append' }), 400, 'invalid');
      expectError(await addVersion('strict', { items: [], mode: 'sideways' }), 400, 'invalid');
      expectError(await create('Bad Name'), 400, 'invalid');
      const nul = expectError(await addVersion('strict', { content: '{"variables":{"a":"x\\u0000"}}', format: 'jsonl', mode: 'append' }), 400, 'invalid');
      expect(nul.message).toMatch(/line 1.*NUL/);
    });
    expect((await itemsOf('strict')).version).toBe(1);
  });

  it('takes 10,000 items in one call (inserted in batches) and refuses more', async () => {
    const many = Array.from({ length: 10_000 }, (_, i) => ({ variables: { i: String(i) } }));
    const res = await create('large', { items: many });
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(201);
    const appended = await addVersion('large', { items: [{ variables: { i: 'last' } }], mode: 'append' });
    expect(appended.body).toMatchObject({ version: 2, itemCount: 10_001 });
    const { items: all } = await itemsOf('large');
    expect(all.map((i) => i.position)).toEqual(Array.from({ length: 10_001 }, (_, i) => i + 1));
    expect(all.at(-1)!.variables).toEqual({ i: 'last' });
    await leavesDatabaseAsItWas(async () => {
      expectError(await addVersion('large', { items: [...many, { variables: {} }], mode: 'append' }), 400, 'invalid');
    });
  });

  it('answers 404 for an unknown dataset', async () => {
    await leavesDatabaseAsItWas(async () => {
      expectError(await callApi('getDataset', { key: keys.viewer, params: { dataset: 'nope' } }), 404, 'not_found');
      expectError(await items('nope'), 404, 'not_found');
      expectError(await addVersion('nope', { items: [], mode: 'append' }), 404, 'not_found');
      expectError(
        await callApi('addDatasetItemFromExecution', { key: keys.editor, params: { dataset: 'nope' }, body: { executionId: '0190a0a0-0000-7000-8000-000000000000' } }),
        404,
        'not_found',
      );
    });
  });
});
