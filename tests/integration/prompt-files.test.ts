import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb, useDatabase } from '@/db/client';
import { listAuditEvents } from '@/db/queries/audit';
import { VersoError } from '@/lib/api/errors';
import { exportPrompts, importPrompts } from '@/lib/prompts/files';
import { moveLabel } from '@/lib/prompts/labels';
import { createPrompt, createVersion, getPrompt, getVersion, listPrompts, listVersions, registryOverview } from '@/lib/prompts/registry';
import { newPromptInput, newVersionInput } from '@/lib/prompts/schemas';
import type { VersionView } from '@/lib/prompts/versions';
import { admin, editor } from '../support/actors';
import { openTestDatabase, withTestDatabase } from '../support/db';

const db = withTestDatabase();

const tempDirs: string[] = [];
const tempDir = () => {
  tempDirs.push(fs.mkdtempSync(path.join(os.tmpdir(), 'verso-files-')));
  return tempDirs.at(-1)!;
};
afterAll(() => tempDirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const copyOf = (dir: string) => {
  const copy = tempDir();
  fs.cpSync(dir, copy, { recursive: true });
  return copy;
};
const write = (dir: string, file: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), text);
};
/** Everything an import could change: prompts, versions, labels and the audit trail. */
const registryState = async () => ({
  overview: await registryOverview(),
  prompts: (await listPrompts({ limit: 200 })).data,
  audit: (await listAuditEvents(getDb(), {}, 10_000)).length,
});
const content = (v: VersionView) => ({
  type: v.type,
  template: v.template,
  messages: v.messages,
  variables: v.variables,
  modelConfig: v.modelConfig,
  commitMessage: v.commitMessage,
});

let exported: string;

beforeAll(async () => {
  await createPrompt(
    editor,
    newPromptInput.parse({
      name: 'support/reply',
      description: 'Answers a customer',
      category: 'support',
      tags: ['customer', 'email'],
      messages: [
        { role: 'system', content: 'You are a support agent for {{ product }}.\nBe brief.\n' },
        { role: 'user', content: '{% for m in history %}{{ m }}\n{% endfor %}{{ question }}' },
      ],
      variables: [{ name: 'product', required: false, type: 'string', default: 'Verso', description: 'product name' }],
      modelConfig: { provider: 'openai', model: 'gpt-4o', temperature: 0.3, stop: ['###'], extra: { seed: 7 } },
      commitMessage: 'first reply',
    }),
  );
  await moveLabel(admin, 'support/reply', 'production', 1);
  // A newer version that is not deployed: the export must take production's, not the latest.
  await createVersion(editor, 'support/reply', newVersionInput.parse({ messages: [{ role: 'user', content: 'v2 {{ question }}' }] }));
  await createPrompt(
    admin,
    newPromptInput.parse({
      name: 'summarizer',
      template: 'Summarise in {{ n | default: 3 }} bullets:\n\n"""\n{{ text }}\n"""  \n',
      commitMessage: 'summaries',
      labels: ['production'],
    }),
  );
  await createPrompt(editor, newPromptInput.parse({ name: 'draft-only', template: 'not deployed yet' }));
  exported = tempDir();
  await exportPrompts(exported);
});

describe('prompts export', () => {
  it('writes one YAML file per deployed prompt, names with / as folders, and skips the rest', async () => {
    const result = await exportPrompts(tempDir());
    expect(result.written.map((w) => [w.name, w.version])).toEqual([
      ['summarizer', 1],
      ['support/reply', 1],
    ]);
    expect(result.skipped).toEqual([{ name: 'draft-only', reason: 'has no production label' }]);
    const file = fs.readFileSync(path.join(exported, 'support', 'reply.yaml'), 'utf8');
    expect(file).toMatch(/^# support\/reply: version 1 \(label production\)/);
    expect(file).toContain('name: support/reply');
    expect(file).toContain('type: chat');
    expect(fs.existsSync(path.join(exported, 'draft-only.yaml'))).toBe(false);
  });

  it('exports another label with --label', async () => {
    const result = await exportPrompts(tempDir(), { label: 'latest' });
    expect(result.written.map((w) => [w.name, w.version])).toEqual([
      ['draft-only', 1],
      ['summarizer', 1],
      ['support/reply', 2],
    ]);
  });
});

describe('prompts import', () => {
  it('round-trips into a fresh database with the same content', async () => {
    const source = {
      reply: (await getVersion('support/reply')).view,
      summarizer: (await getVersion('summarizer')).view,
      meta: await getPrompt('support/reply'),
    };
    const fresh = await openTestDatabase();
    try {
      const outcomes = await importPrompts(admin, exported);
      expect(outcomes.map((o) => [o.name, o.status, o.version])).toEqual([
        ['summarizer', 'created', 1],
        ['support/reply', 'created', 1],
      ]);
      expect(content((await getVersion('support/reply', { version: 1 })).view)).toEqual(content(source.reply));
      expect(content((await getVersion('summarizer', { version: 1 })).view)).toEqual(content(source.summarizer));
      expect(await getPrompt('support/reply')).toMatchObject({
        description: source.meta.description,
        category: source.meta.category,
        tags: source.meta.tags,
      });
    } finally {
      await fresh.close();
      useDatabase(db.handle);
    }
  });

  it('changes nothing the second time: every file is unchanged', async () => {
    const dir = copyOf(exported);
    await importPrompts(admin, dir);
    const before = await registryState();
    const again = await importPrompts(admin, dir);
    expect(again.map((o) => o.status)).toEqual(['unchanged', 'unchanged']);
    expect(await registryState()).toEqual(before);
  });

  it('saves exactly one new version for an edited file', async () => {
    const dir = copyOf(exported);
    await importPrompts(admin, dir);
    const count = (await listVersions('summarizer')).length;
    const file = path.join(dir, 'summarizer.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('bullets:', 'short bullets:'));
    const outcomes = await importPrompts(admin, dir, { message: 'shorter bullets' });
    expect(outcomes.map((o) => [o.name, o.status])).toEqual([
      ['summarizer', 'new_version'],
      ['support/reply', 'unchanged'],
    ]);
    const versions = await listVersions('summarizer');
    expect(versions).toHaveLength(count + 1);
    expect(versions[0]).toMatchObject({ commitMessage: 'shorter bullets', createdBy: admin.name });
    expect(versions[0]!.template).toContain('short bullets:');
  });

  it('points --label at the imported or current version of each prompt', async () => {
    const dir = copyOf(exported);
    const production = (await getVersion('support/reply')).view.version;
    const outcomes = await importPrompts(editor, dir, { label: 'staging' });
    for (const o of outcomes) {
      expect(o.label).toEqual({ name: 'staging', moved: true });
      expect((await getVersion(o.name, { label: 'staging' })).view.version).toBe(o.version);
    }
    expect((await getVersion('support/reply')).view.version).toBe(production);
    const again = await importPrompts(editor, dir, { label: 'staging' });
    expect(again.map((o) => o.label)).toEqual([
      { name: 'staging', moved: false },
      { name: 'staging', moved: false },
    ]);
  });

  it('names the path and line of each malformed file and writes nothing at all', async () => {
    const dir = copyOf(exported);
    const summarizer = path.join(dir, 'summarizer.yaml');
    fs.writeFileSync(summarizer, fs.readFileSync(summarizer, 'utf8').replace('bullets:', 'edited bullets:'));
    write(dir, 'brand-new.yaml', 'template: a new prompt for {{ someone }}\n');
    write(dir, 'bad/duplicate-key.yaml', 'name: bad/duplicate-key\ndescription: a\nname: again\ntemplate: t\n');
    write(dir, 'bad/schema.yml', 'name: bad/schema\ntemplate: hi\nmodelConfig:\n  model: gpt-4o\n  temperature: 5\n');
    write(
      dir,
      'bad/chat-template.yaml',
      ['type: chat', 'messages:', '  - role: system', '    content: fine', '  - role: user', '    content: |', '      line one', '      {% if x %}never closed', ''].join('\n'),
    );
    const before = await registryState();
    const error = await importPrompts(admin, dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VersoError);
    expect((error as VersoError).message).toBe('3 files have errors; nothing was imported.');
    const problems = ((error as VersoError).details as { problems: { file: string; line: number; message: string }[] }).problems;
    expect(problems.map((p) => [path.relative(dir, p.file), p.line])).toEqual([
      [path.join('bad', 'chat-template.yaml'), 8],
      [path.join('bad', 'duplicate-key.yaml'), 3],
      [path.join('bad', 'schema.yml'), 5],
    ]);
    expect(problems[0]!.message).toMatch(/Template error in message 2 at line 2/);
    expect(problems[1]!.message).toMatch(/YAML error: Map keys must be unique/);
    expect(problems[2]!.message).toMatch(/^modelConfig\.temperature: /);
    expect(await registryState()).toEqual(before);
  });

  it('rolls back files already applied when a later step fails', async () => {
    const dir = copyOf(exported);
    await importPrompts(admin, dir);
    const summarizer = path.join(dir, 'summarizer.yaml');
    fs.writeFileSync(summarizer, fs.readFileSync(summarizer, 'utf8').replace('bullets:', 'rolled back bullets:'));
    const before = await registryState();
    // An editor may save versions but not move production: the new summarizer version is written, then refused.
    await expect(importPrompts(editor, dir, { label: 'production' })).rejects.toMatchObject({ code: 'forbidden' });
    expect(await registryState()).toEqual(before);
  });
});
