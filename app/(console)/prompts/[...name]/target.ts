import { cache } from 'react';
import { VersoError } from '@/lib/api/errors';
import { getPrompt, type PromptSummary } from '@/lib/prompts/registry';
import { promptName } from '@/lib/prompts/schemas';

export type PromptTarget = { view: 'prompt' | 'edit' | 'diff'; prompt: PromptSummary };

const SUB_PAGES = ['edit', 'diff'] as const;

async function findPrompt(name: string): Promise<PromptSummary | null> {
  if (!promptName.safeParse(name).success) return null;
  try {
    return await getPrompt(name);
  } catch (error) {
    if (error instanceof VersoError && error.code === 'not_found') return null;
    throw error;
  }
}

/**
 * Which page a path under /prompts/ names. Prompt names contain `/`, so a trailing `edit` or
 * `diff` is a sub-page when the path before it is a prompt; otherwise the whole path is the name
 * (so a prompt called `reports/edit` is still reachable while no prompt `reports` exists).
 */
export const resolvePromptTarget = cache(async (segments: string[]): Promise<PromptTarget | null> => {
  let decoded: string[];
  try {
    decoded = segments.map((s) => decodeURIComponent(s));
  } catch {
    return null;
  }
  const last = decoded.at(-1) as (typeof SUB_PAGES)[number];
  if (decoded.length > 1 && SUB_PAGES.includes(last)) {
    const prompt = await findPrompt(decoded.slice(0, -1).join('/'));
    if (prompt) return { view: last, prompt };
  }
  const prompt = await findPrompt(decoded.join('/'));
  return prompt ? { view: 'prompt', prompt } : null;
});

/** `?from=3` as a version number, or undefined when absent or not a positive whole number. */
export function versionParam(value: string | string[] | undefined): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text || !/^\d{1,9}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 ? n : undefined;
}
