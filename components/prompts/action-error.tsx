import Link from 'next/link';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import type { ErrorBody } from '@/lib/api/errors';

type ActionErrorProps = { error: ErrorBody['error']; className?: string };

const titles: Partial<Record<ErrorBody['error']['code'], string>> = {
  invalid: 'Please check what you entered',
  unauthorized: 'Your session has ended',
  forbidden: 'You are not allowed to do this',
  not_found: 'It is no longer there',
  conflict: 'That clashes with what is already there',
  too_large: 'That is too large',
  missing_variables: 'Some variables have no value',
  rate_limited: 'Too many attempts',
  internal: 'Something went wrong on our side',
};

type Issue = { path: string; message: string };

/** An action's error envelope, in words for the person who clicked. */
export function ActionError({ error, className }: ActionErrorProps) {
  const issues = (error.details as { issues?: Issue[] } | undefined)?.issues ?? [];
  return (
    <Alert variant="destructive" className={className} data-testid="action-error">
      <AlertTitle>{titles[error.code] ?? 'That did not work'}</AlertTitle>
      <AlertDescription>
        {issues.length > 1 ? (
          <ul className="list-disc pl-4">
            {issues.map((i, n) => (
              <li key={n}>
                {i.path ? <span className="font-mono">{i.path}</span> : null}
                {i.path ? ': ' : ''}
                {i.message}
              </li>
            ))}
          </ul>
        ) : (
          <p>{error.message.replace(/^Invalid input: /, '')}</p>
        )}
        {error.code === 'unauthorized' && (
          <p>
            <Link href="/login" className="underline">
              Sign in again
            </Link>{' '}
            and retry; nothing was changed.
          </p>
        )}
        {error.code === 'internal' && <p>Nothing was saved. Try again in a moment.</p>}
      </AlertDescription>
    </Alert>
  );
}
