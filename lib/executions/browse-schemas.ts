import { z } from 'zod';
import { executionSources, executionStatuses } from '@/db/schema/executions';

export { executionSources, executionStatuses };
export type ExecutionStatus = (typeof executionStatuses)[number];
export type ExecutionSource = (typeof executionSources)[number];

export const EXECUTIONS_PAGE_SIZE = 50;

/** The console's time range presets, newest first; `all` sets no lower bound. */
export const timeRanges = { '1h': 3_600_000, '24h': 86_400_000, '7d': 604_800_000, all: null } as const;
export type TimeRange = keyof typeof timeRanges;

// A blank form field arrives as '' and means "any".
const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const term = z.preprocess(blank, z.string().trim().max(300).optional());
const instant = z.preprocess(blank, z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time' }).transform((v) => new Date(v)).optional());

/** What the executions page (or anyone) may filter by: the same shape as the page's query string. */
export const executionBrowseQuery = z.object({
  prompt: term,
  version: z.preprocess(blank, z.coerce.number({ error: 'must be a version number' }).int('must be a version number').min(1).max(1_000_000_000).optional()),
  experiment: term,
  variant: term,
  status: z.preprocess(blank, z.enum(executionStatuses, { error: `must be one of ${executionStatuses.join(', ')}` }).optional()),
  model: term,
  source: z.preprocess(blank, z.enum(executionSources, { error: `must be one of ${executionSources.join(', ')}` }).optional()),
  range: z.preprocess(blank, z.enum(Object.keys(timeRanges) as [TimeRange, ...TimeRange[]], { error: 'must be 1h, 24h, 7d or all' }).default('all')),
  from: instant,
  to: instant,
  before: z.preprocess(blank, z.uuid('must be an execution id').optional()),
  limit: z.coerce.number().int().min(1).max(200).default(EXECUTIONS_PAGE_SIZE),
});

export type ExecutionBrowseQuery = z.input<typeof executionBrowseQuery>;
export type ExecutionBrowseFilter = z.output<typeof executionBrowseQuery>;
