import { z } from 'zod';
import type { VariableSpec } from '@/db/schema';
import { VersoError, type ErrorCode } from '@/lib/api/errors';
import { chatMessage, variableSpec } from './schemas';
import { compile, declareVariables, detectVariables, render, type PromptBody, type Rendered, type TemplateErrorDetails } from './templates';

export const previewInput = z.object({
  body: z.discriminatedUnion('type', [
    z.object({ type: z.literal('text'), template: z.string() }),
    z.object({ type: z.literal('chat'), messages: z.array(chatMessage).max(100) }),
  ]),
  variables: z.array(variableSpec).max(200).default([]),
  // Sample values as typed into the editor's inputs: always text, interpreted per declared type.
  values: z.record(z.string(), z.string().max(100_000)).default({}),
});
export type PreviewInput = z.input<typeof previewInput>;

export type PreviewProblem = {
  code: ErrorCode;
  message: string;
  line?: number;
  column?: number;
  /** 0-based index of the chat message the template error is in. */
  messageIndex?: number;
  missing?: string[];
};

export type Preview = {
  /** The variables the body declares (null when it does not parse, so the editor keeps the last good list). */
  variables: VariableSpec[] | null;
  rendered: Rendered | null;
  problem: PreviewProblem | null;
};

/**
 * What the editor shows while someone types: the variables the draft declares and the draft
 * rendered with the sample values. Template and variable errors are results here, not failures,
 * because an unfinished template is the normal state of a draft.
 */
export async function previewPrompt(body: PromptBody, given: VariableSpec[], values: Record<string, string>): Promise<Preview> {
  let variables: VariableSpec[];
  let compiled;
  try {
    compiled = compile(body);
    // Settings for variables no longer in the draft are dropped: the editor declares what the template reads.
    const detected = new Set(detectVariables(compiled));
    variables = declareVariables(
      compiled,
      given.filter((v) => detected.has(v.name)),
    );
  } catch (error) {
    return { variables: null, rendered: null, problem: problemOf(error) };
  }
  try {
    return { variables, rendered: await render(compiled, variables, sampleValues(variables, values)), problem: null };
  } catch (error) {
    return { variables, rendered: null, problem: problemOf(error) };
  }
}

/** Empty inputs count as not given, so that required variables show up as missing. */
function sampleValues(declared: VariableSpec[], raw: Record<string, string>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const spec of declared) {
    const text = raw[spec.name];
    if (text === undefined || text === '') continue;
    if (spec.type !== 'json') {
      values[spec.name] = text;
      continue;
    }
    try {
      values[spec.name] = JSON.parse(text);
    } catch {
      throw new VersoError('invalid', `The sample value for ${spec.name} is not valid JSON.`);
    }
  }
  return values;
}

function problemOf(error: unknown): PreviewProblem {
  if (!(error instanceof VersoError)) throw error;
  const problem: PreviewProblem = { code: error.code, message: error.message };
  const details = error.details as (Partial<TemplateErrorDetails> & { missing?: string[] }) | undefined;
  // The editor shows the position itself, so a located error keeps only what went wrong.
  if (details?.line !== undefined && details.message) problem.message = details.message;
  if (details?.line !== undefined) problem.line = details.line;
  if (details?.column !== undefined) problem.column = details.column;
  if (details?.message_index !== undefined) problem.messageIndex = details.message_index;
  if (details?.missing) problem.missing = details.missing;
  return problem;
}
