import { z } from 'zod';
import { providerIds } from '@/db/schema/models';
import type { listModels } from './catalog';
import type { providerStatuses } from './providers';

const decimal = z.string().describe('USD per million tokens, an exact decimal string');

export const modelView = z.object({
  id: z.uuid(),
  provider: z.enum(providerIds),
  model: z.string().describe('the id the provider knows it by'),
  displayName: z.string(),
  inputPerMillion: decimal,
  outputPerMillion: decimal,
  contextWindow: z.number().int().nullable(),
  active: z.boolean().describe('inactive models stay priced, for the executions that used them, but are not offered in the console'),
  custom: z.boolean().describe('added by an admin rather than seeded'),
  priceSource: z.string().describe('where and when the price was taken'),
  updatedAt: z.iso.datetime({ offset: true }),
});

export const providerStatusView = z.object({
  id: z.enum(providerIds),
  label: z.string(),
  configured: z.boolean(),
  variable: z.string().describe('the environment variable that configures it'),
});

export const catalogView = z.object({ providers: z.array(providerStatusView), models: z.array(modelView) });

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Expect<T extends true> = T;
export type ModelViewsMatchServices = [
  Expect<Same<z.infer<typeof modelView>[], Awaited<ReturnType<typeof listModels>>>>,
  Expect<Same<z.infer<typeof providerStatusView>[], ReturnType<typeof providerStatuses>>>,
];
