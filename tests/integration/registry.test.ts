import { describe, expect, it } from 'vitest';
import { createPrompt, createVersion, getVersion, listPrompts } from '@/lib/prompts/registry';
import { moveLabel, labelHistory, rollbackLabelMove } from '@/lib/prompts/labels';
import { newPromptInput, newVersionInput } from '@/lib/prompts/schemas';
import { renderPrompt } from '@/lib/prompts/rendering';
import { admin, editor } from '../support/actors';
import { withTestDatabase } from '../support/db';

withTestDatabase();

describe('prompt registry', () => {
  it('numbers versions, moves labels and rolls back', async () => {
    const v1 = await createPrompt(editor, newPromptInput.parse({ name: 'greet', template: 'Hello {{ name }}', labels: ['staging'] }));
    expect(v1).toMatchObject({ name: 'greet', version: 1, type: 'text', labels: ['staging', 'latest'] });
    expect(v1.variables).toEqual([{ name: 'name', required: true, type: 'string' }]);
    const v2 = await createVersion(editor, 'greet', newVersionInput.parse({ template: 'Hi {{ name }}!', commitMessage: 'shorter' }));
    expect(v2.version).toBe(2);
    await moveLabel(admin, 'greet', 'production', 1);
    await moveLabel(admin, 'greet', 'production', 2);
    expect((await renderPrompt('greet', {}, { name: 'Ada' }))).toMatchObject({ version: 2, text: 'Hi Ada!' });
    const [latestMove] = await labelHistory('greet');
    expect(latestMove).toMatchObject({ label: 'production', fromVersion: 1, toVersion: 2 });
    await rollbackLabelMove(admin, 'greet', latestMove!.id);
    expect((await getVersion('greet')).view.version).toBe(1);
    const list = await listPrompts({ limit: 10 });
    expect(list.data[0]).toMatchObject({ name: 'greet', latestVersion: 2, labels: { production: 1, staging: 1, latest: 2 } });
  });
});
