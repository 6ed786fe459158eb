import { describe, expect, it } from 'vitest';
import { gridFromItems, itemsFromGrid, setCell } from '@/components/datasets/item-grid';
import { addDatasetVersion, createDataset, getDataset, listDatasetItems } from '@/lib/datasets/datasets';
import { editor } from '../support/actors';
import { withTestDatabase } from '../support/db';

withTestDatabase();

const bare = (items: { variables: unknown; expected?: unknown; metadata?: unknown }[]) => items.map(({ variables, expected, metadata }) => ({ variables, expected, metadata }));

// The console's table editor saves the whole table as the next version, from the version it was opened on.
describe('saving a dataset from the table editor', () => {
  it('writes the edited table as a new version and leaves the one it came from as it was', async () => {
    const original = [
      { variables: { q: 'What is 2+2?', n: 2 }, expected: '4', metadata: { source: 'manual' } },
      { variables: { q: 'Capital of France?' }, expected: { city: 'Paris' } },
    ];
    await createDataset(editor, { name: 'table-edit', items: original });
    let grid = gridFromItems((await listDatasetItems('table-edit')).items);
    const q = grid.columns.find((c) => c.name === 'q')!.key;
    grid = setCell(grid, grid.rows[0]!.key, q, 'What is 3+3?');
    const { items } = itemsFromGrid(grid);

    const saved = await addDatasetVersion(editor, 'table-edit', { items: items!, mode: 'replace', basedOn: 1 });
    expect(saved).toMatchObject({ version: 2, itemCount: 2 });
    expect(bare((await listDatasetItems('table-edit', 2)).items)).toEqual([
      { variables: { q: 'What is 3+3?', n: 2 }, expected: '4', metadata: { source: 'manual' } },
      { variables: { q: 'Capital of France?' }, expected: { city: 'Paris' }, metadata: undefined },
    ]);
    expect(bare((await listDatasetItems('table-edit', 1)).items)).toEqual(bare(original));
  });

  it('keeps an expected output that is text looking like JSON as text ("4" is not 4, "null" is not nothing)', async () => {
    const items = [
      { variables: { q: 'a' }, expected: '4' },
      { variables: { q: 'b' }, expected: 'null' },
      { variables: { q: 'c' }, expected: 4 },
    ];
    await createDataset(editor, { name: 'text-expected', items });
    const read = (await listDatasetItems('text-expected')).items;
    expect(read.map((i) => i.expected)).toEqual(['4', 'null', 4]);
    // So the table shows "4" as text in a JSON column ("\"4\"") and saves it back unchanged.
    expect(itemsFromGrid(gridFromItems(read)).items!.map((i) => i.expected)).toEqual(['4', 'null', 4]);
  });

  it('refuses a save based on a version that is no longer the latest, and writes nothing', async () => {
    await createDataset(editor, { name: 'table-race', items: [{ variables: { q: 'a' } }] });
    await addDatasetVersion(editor, 'table-race', { items: [{ variables: { q: 'b' } }], mode: 'append', basedOn: 1 });
    await expect(addDatasetVersion(editor, 'table-race', { items: [{ variables: { q: 'stale' } }], mode: 'replace', basedOn: 1 })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/Version 2 was saved after you opened version 1/),
    });
    expect((await getDataset('table-race')).versions.map((v) => v.version)).toEqual([2, 1]);
  });
});
