import { resultsQuery } from '@/lib/experiments/schemas';

export type SegmentParam = {
  /** What the address asked for, to fill the form back in. */
  asked: string | undefined;
  /** The attribute to break down by, when the ask is valid. */
  segment: string | undefined;
  /** Why the ask was refused: shown next to the form; the page renders without a breakdown. */
  error: string | null;
};

/** ?segment=<attribute>, checked as the results API checks it: an invalid one becomes an error to show, never a thrown one. */
export function segmentParam(raw: string | string[] | undefined): SegmentParam {
  const asked = (Array.isArray(raw) ? raw[0] : raw)?.trim() || undefined;
  const parsed = resultsQuery.safeParse({ segment: asked });
  if (parsed.success) return { asked, segment: parsed.data.segment, error: null };
  return { asked, segment: undefined, error: parsed.error.issues[0]?.message ?? 'an attribute name' };
}
