import { notFound } from 'next/navigation';
import { cache } from 'react';
import { VersoError } from '@/lib/api/errors';
import { getDataset } from '@/lib/datasets/datasets';

// Next may hand over the segment still percent-encoded; names never contain `%`, so decoding twice is harmless.
export const datasetNameParam = (raw: string) => {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
};

/** The dataset of this request (read once for the layout and the page), or the not-found page. */
export const datasetOrNotFound = cache(async (name: string) => {
  try {
    return await getDataset(name);
  } catch (error) {
    // A malformed name cannot exist either.
    if (error instanceof VersoError && (error.code === 'not_found' || error.code === 'invalid')) notFound();
    throw error;
  }
});
