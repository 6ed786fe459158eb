import type { ChatMessage, VariableSpec } from '@/db/schema';
import { createPrompt, createVersion } from '@/lib/prompts/registry';
import { newPromptInput, newVersionInput } from '@/lib/prompts/schemas';
import { admin } from './actors';

let counter = 0;
/** A prompt name no other test in the file uses. */
export const uniqueName = (stem = 'prompt') => `${stem}-${++counter}`;

/** What a test may say about a prompt; the rest comes from the schema's defaults. */
export type GivenPrompt = {
  versions?: number;
  description?: string;
  category?: string;
  tags?: string[];
  template?: string;
  messages?: ChatMessage[];
  variables?: (Partial<VariableSpec> & { name: string })[];
  labels?: string[];
};

/** A prompt with `versions` text versions ("v1 {{ name }}", "v2 {{ name }}" …), made by an admin. */
export async function givenPrompt(name: string, { versions = 1, ...rest }: GivenPrompt = {}) {
  await createPrompt(admin, newPromptInput.parse({ name, ...(rest.messages ? {} : { template: 'v1 {{ name }}' }), ...rest }));
  for (let v = 2; v <= versions; v++) {
    await createVersion(admin, name, newVersionInput.parse({ template: `v${v} {{ name }}`, commitMessage: `v${v}` }));
  }
  return name;
}
