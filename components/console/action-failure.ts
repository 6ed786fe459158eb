import type { ErrorBody } from '@/lib/api/errors';

export type Failure = { message: string; fields: Record<string, string> };

type Issue = { path?: string; message?: string };

/**
 * A failed action's envelope as something to show a person: one sentence, plus a message
 * per form field when the input was invalid.
 */
export function describeFailure({ error }: ErrorBody): Failure {
  const fields: Record<string, string> = {};
  if (error.code === 'invalid') {
    const issues = (error.details as { issues?: Issue[] } | undefined)?.issues ?? [];
    for (const issue of issues) {
      if (issue.path && issue.message && !fields[issue.path]) fields[issue.path] = sentence(issue.message);
    }
    if (Object.keys(fields).length > 0) return { message: 'Please correct the fields marked below.', fields };
  }
  const message =
    error.code === 'unauthorized'
      ? 'Your session has ended. Sign in again, then retry.'
      : error.code === 'internal'
        ? 'Something went wrong on our side. Nothing was changed; please try again.'
        : error.message;
  return { message, fields };
}

// Schema messages are fragments ("at least 8 characters") written to follow a field name.
const sentence = (fragment: string) => `${fragment.charAt(0).toUpperCase()}${fragment.slice(1)}${/[.!?]$/.test(fragment) ? '' : '.'}`;
