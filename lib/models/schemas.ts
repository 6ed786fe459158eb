import { z } from 'zod';
import { providerIds } from '@/db/schema/models';
import { isDecimal } from './money';

// A JSON number such as 1e-7 becomes plain digits; past 10 decimals it is refused, not rounded.
const numberAsDecimal = (n: number) => (Number.isFinite(n) && n >= 0 && Number(n.toFixed(10)) === n ? n.toFixed(10).replace(/\.?0+$/, '') : String(n));

const price = z
  .union([z.string(), z.number()])
  .transform((v) => (typeof v === 'number' ? numberAsDecimal(v) : v.trim()))
  .refine(isDecimal, 'a price is a decimal number of USD per million tokens, at most 10 digits after the point');

export const modelId = z.string().min(1).max(128).regex(/^[A-Za-z0-9][A-Za-z0-9._:/@-]*$/, 'letters, digits and . _ : / @ - only');

export const newModelInput = z.object({
  provider: z.enum(providerIds),
  model: modelId,
  displayName: z.string().min(1).max(128).optional(),
  inputPerMillion: price,
  outputPerMillion: price,
  contextWindow: z.number().int().min(1).max(100_000_000).nullish(),
  priceSource: z.string().max(500).default(''),
});

export const modelChangeInput = z
  .object({
    displayName: z.string().min(1).max(128).optional(),
    inputPerMillion: price.optional(),
    outputPerMillion: price.optional(),
    contextWindow: z.number().int().min(1).max(100_000_000).nullish(),
    active: z.boolean().optional(),
    priceSource: z.string().max(500).optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), 'nothing to change');

export type NewModelInput = z.infer<typeof newModelInput>;
export type ModelChangeInput = z.infer<typeof modelChangeInput>;

export const catalogModelId = z.uuid('a model id is a UUID');
