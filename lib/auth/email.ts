import { z } from 'zod';

// Lenient on purpose: Verso makes `admin@localhost` itself, and an intranet's `ops@corp` is as
// real as any. `z.email()` wants a dotted public domain and so locked the first admin out.
// What is refused: no `@`, spaces or control characters, more than one `@`, past 254 characters.
const EMAIL = /^[^\s@\p{Cc}]+@[^\s@\p{Cc}]+$/u;

/** An email address as Verso stores it: trimmed and lowercased. */
export const emailAddress = (message = 'must be an email address') =>
  z.string().trim().max(254, 'at most 254 characters').regex(EMAIL, message).toLowerCase();
