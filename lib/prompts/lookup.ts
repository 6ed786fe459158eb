import type { Conn } from '@/db/client';
import * as q from '@/db/queries/prompts';
import { VersoError } from '@/lib/api/errors';

export async function findPromptOrThrow(conn: Conn, name: string, lock = false) {
  const prompt = lock ? await q.lockPromptByName(conn, name) : await q.getPromptByName(conn, name);
  if (!prompt) throw new VersoError('not_found', `Prompt "${name}" does not exist.`);
  return prompt;
}
