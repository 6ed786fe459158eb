import { z } from 'zod';
import { versionNumber } from '@/lib/api/int4';
import { toErrorBody, type ErrorBody } from '@/lib/api/errors';
import { assertRole, type Actor } from '@/lib/auth/roles';
import { promptName } from '@/lib/prompts/schemas';
import { columnModel, draftBody, runDraft, type ColumnRun } from './draft-run';
import { runPrompt } from './run';

const MAX_COLUMNS = 4;

const versionColumn = z.object({ kind: z.literal('version'), version: versionNumber, model: columnModel });
const draftColumn = z.object({ kind: z.literal('draft'), from: versionNumber, body: draftBody, model: columnModel });

export const playgroundRunInput = z.object({
  name: promptName,
  variables: z.record(z.string(), z.unknown()).default({}),
  columns: z.array(z.discriminatedUnion('kind', [versionColumn, draftColumn])).min(1).max(MAX_COLUMNS),
});
export type PlaygroundRunInput = z.infer<typeof playgroundRunInput>;

export type ColumnOutcome = ({ ok: true } & ColumnRun) | { ok: false; error: ErrorBody['error'] };

/**
 * Runs every column at once with the same variables. A saved version runs like any other run
 * (pinned, bypassing experiments, recorded with source `playground` and traced); a draft runs
 * unrecorded (runDraft). One column's failure is that column's answer, never the others'.
 */
export async function runPlayground(actor: Actor, input: PlaygroundRunInput): Promise<ColumnOutcome[]> {
  assertRole(actor, 'editor', 'Running a prompt in the playground');
  return Promise.all(
    input.columns.map(async (column): Promise<ColumnOutcome> => {
      try {
        if (column.kind === 'draft') {
          return { ok: true, ...(await runDraft(actor, { name: input.name, from: column.from, body: column.body, variables: input.variables, model: column.model })) };
        }
        const run = await runPrompt(
          input.name,
          { variables: input.variables, unitId: undefined },
          { version: column.version, modelConfig: { provider: column.model.provider, model: column.model.model }, source: 'playground' },
        );
        const { executionId, version, output, usage, latencyMs, costUsd, traceId } = run;
        return { ok: true, executionId, version, output, usage, latencyMs, costUsd, traceId };
      } catch (error) {
        return { ok: false, error: toErrorBody(error).body.error };
      }
    }),
  );
}
