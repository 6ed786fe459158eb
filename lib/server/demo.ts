import { getDb } from '@/db/client';
import { countPrompts } from '@/db/queries/prompts';
import { demoPrompts } from '@/db/seed';
import type { Actor } from '@/lib/auth/roles';
import { moveLabel } from '@/lib/prompts/labels';
import { createPrompt, createVersion } from '@/lib/prompts/registry';
import { newPromptInput, newVersionInput } from '@/lib/prompts/schemas';

const demoActor: Actor = { type: 'system', id: null, name: 'demo-seed', role: 'admin' };

/** Fills an empty registry with the demo prompts; does nothing once any prompt exists. */
export async function seedDemoIfEmpty(): Promise<boolean> {
  if ((await countPrompts(getDb())).prompts > 0) return false;
  for (const demo of demoPrompts) {
    const [first, ...rest] = demo.versions;
    await createPrompt(
      demoActor,
      newPromptInput.parse({ name: demo.name, description: demo.description, category: demo.category, tags: demo.tags, ...first }),
    );
    for (const v of rest) await createVersion(demoActor, demo.name, newVersionInput.parse({ ...v, labels: [] }));
    // Labels are moved after all versions exist, so the history shows deploys, not creations.
    for (const [i, v] of demo.versions.entries()) {
      for (const label of v.labels ?? []) await moveLabel(demoActor, demo.name, label, i + 1);
    }
  }
  return true;
}
