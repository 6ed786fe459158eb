import { z } from 'zod';
import { modelConfig } from '@/lib/prompts/schemas';
import type { WinnerView } from './experiments';
import { experimentView } from './views-schema';

// The answer to declaring a winner: the completed experiment and what production serves now.

export const winnerView = experimentView.extend({
  deployed: z
    .object({
      label: z.literal('production'),
      version: z.number().int().describe('the version production serves now'),
      basedOn: z.number().int().describe("the winning variant's version"),
      created: z.boolean().describe("true when the variant's model override was saved as a new version (a copy of basedOn with the merged model config)"),
      modelConfig: modelConfig.describe('the model config production serves now'),
    })
    .describe('what was deployed'),
});

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Expect<T extends true> = T;
export type WinnerViewMatchesService = Expect<Same<z.infer<typeof winnerView>, WinnerView>>;
