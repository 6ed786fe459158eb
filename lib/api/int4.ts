import { z } from 'zod';

// Postgres `integer` columns hold 32-bit integers: a larger number written to one, or compared
// with one in a query, fails inside the database (a 500) instead of answering 400. Every integer
// that meets an int column (versions, token counts, latency, sample sizes) is parsed with these.

export const INT4_MAX = 2_147_483_647;

/** A 32-bit integer; `.min(…)` narrows it further. */
export const int4 = z.int32();

/** The same from a query string or form text (`?version=3`). */
export const int4FromText = z.coerce.number().int().min(-INT4_MAX - 1).max(INT4_MAX);

/** Version numbers: 1, 2, 3 … */
export const versionNumber = int4.min(1);
