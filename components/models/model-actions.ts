import type { z } from 'zod';
import type { ActionResult } from '@/lib/auth/action';
import type { ModelView } from '@/lib/models/catalog';
import type { modelChangeInput, newModelInput } from '@/lib/models/schemas';

// The models page's server actions, as the client components receive them.
export type CreateModel = (input: z.input<typeof newModelInput>) => Promise<ActionResult<ModelView>>;
export type ChangeModel = (input: { id: string; change: z.input<typeof modelChangeInput> }) => Promise<ActionResult<ModelView>>;

/** `model-row-openai-gpt-4o`: the test id suffix of a catalog entry. */
export const modelTestId = (m: Pick<ModelView, 'provider' | 'model'>) => `${m.provider}-${m.model}`;
