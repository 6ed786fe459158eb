import { z } from 'zod';
import { VersoError } from '@/lib/api/errors';
import { exportPrompts, importPrompts, type ImportOutcome } from '@/lib/prompts/files';
import { LATEST, labelName } from '@/lib/prompts/schemas';
import { ACTOR_HELP, actorInput, actorOption, cliActor } from '../actor';
import { defineCommand } from '../command';

const oneDir = z.array(z.string().min(1)).length(1, 'takes one argument: the directory');

export const promptsExport = defineCommand({
  name: 'prompts export',
  summary: 'write one YAML file per prompt into a directory',
  help: `Usage: npm run cli -- prompts export DIR [--label LABEL]

Writes DIR/<prompt name>.yaml for every prompt (a name with / becomes folders),
holding the version the label points at. Prompts without that label are skipped.

Options:
  --label LABEL  which version to export (default production; latest = the newest)`,
  options: { label: { type: 'string' } },
  input: z.object({ args: oneDir, label: labelName.default('production') }),
  run: async ({ args: [dir], label }) => {
    const result = await exportPrompts(dir!, { label });
    for (const w of result.written) console.log(`wrote    ${w.file}  (${w.name} v${w.version})`);
    for (const s of result.skipped) console.log(`skipped  ${s.name}: ${s.reason}`);
    console.log(`Exported ${result.written.length} prompt${result.written.length === 1 ? '' : 's'} (${label}); skipped ${result.skipped.length}.`);
  },
});

export const promptsImport = defineCommand({
  name: 'prompts import',
  summary: 'import a directory of YAML prompt files (all or nothing)',
  help: `Usage: npm run cli -- prompts import DIR [--label LABEL] [--message MESSAGE] [--actor NAME]

Reads every .yaml/.yml file below DIR (hidden folders excepted). A prompt that does not
exist is created; otherwise a new version is saved only when the file's content (type,
template or messages, variables, model config) differs from the latest version. Every
file is checked first: if any is malformed, each problem is listed with its path and
line and nothing is written. The rest is written in one transaction.

Options:
  --label LABEL      point this label at each imported (or unchanged current) version
  --message MESSAGE  commit message for the versions created (default: the file's
                     commitMessage when it was edited, else "Imported from <file>")
${ACTOR_HELP}`,
  options: { label: { type: 'string' }, message: { type: 'string' }, ...actorOption },
  input: actorInput.extend({
    args: oneDir,
    label: labelName.refine((l) => l !== LATEST, '`latest` moves by itself').optional(),
    message: z.string().min(1).max(2000).optional(),
  }),
  run: async ({ args: [dir], label, message, actor }) => {
    let outcomes: ImportOutcome[];
    try {
      outcomes = await importPrompts(cliActor(actor), dir!, { label, message });
    } catch (error) {
      const problems = error instanceof VersoError ? (error.details as { problems?: { text: string }[] } | undefined)?.problems : undefined;
      for (const p of problems ?? []) console.error(p.text);
      throw error;
    }
    for (const o of outcomes) console.log(describeOutcome(o));
    const count = (s: ImportOutcome['status']) => outcomes.filter((o) => o.status === s).length;
    console.log(`${outcomes.length} file${outcomes.length === 1 ? '' : 's'}: ${count('created')} created, ${count('new_version')} new version, ${count('unchanged')} unchanged.`);
  },
});

const statusText: Record<ImportOutcome['status'], string> = { created: 'created    ', new_version: 'new version', unchanged: 'unchanged  ' };

function describeOutcome(o: ImportOutcome): string {
  const label = o.label ? `; ${o.label.name} ${o.label.moved ? '→' : 'already at'} v${o.version}` : '';
  const notes = o.notes.map((n) => `; note: ${n}`).join('');
  return `${statusText[o.status]}  ${o.name} v${o.version}  (${o.file})${label}${notes}`;
}
