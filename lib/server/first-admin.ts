// The admin Verso makes on a first start with no ADMIN_EMAIL/ADMIN_PASSWORD, and the box
// that shows its password. The box is the last thing the server prints at start-up: a
// newcomer reads the end of the output, and lines printed before the build or the demo
// seeding scroll away.
import crypto from 'node:crypto';
import { getDb } from '@/db/client';
import { countUsers, getUserByEmail } from '@/db/queries/users';
import { systemActor } from '@/lib/auth/roles';
import { createUser } from '@/lib/auth/users';
import { env } from '@/lib/env';

export const FIRST_ADMIN_EMAIL = 'admin@localhost';

export type FirstAdmin = { email: string; password: string };

// Generated but not yet shown: kept until the box is printed, so that a start-up that fails
// after creating the admin (and is retried) still shows the password once it succeeds.
let unshown: FirstAdmin | null = null;

/**
 * Creates the first admin: from ADMIN_EMAIL/ADMIN_PASSWORD when set, else `admin@localhost`
 * with a random password when there are no users. Returns the generated credentials, which
 * exist nowhere else (only a hash is stored), or null when nothing was generated.
 */
export async function ensureFirstAdmin(log: (line: string) => void): Promise<FirstAdmin | null> {
  const { ADMIN_EMAIL, ADMIN_PASSWORD } = env();
  if (ADMIN_EMAIL && ADMIN_PASSWORD) {
    if (await getUserByEmail(getDb(), ADMIN_EMAIL.toLowerCase())) return null;
    await createUser(systemActor, { email: ADMIN_EMAIL.toLowerCase(), password: ADMIN_PASSWORD, role: 'admin' });
    log(`Created the admin ${ADMIN_EMAIL} from ADMIN_EMAIL.`);
    return null;
  }
  if (unshown) return unshown;
  if ((await countUsers(getDb())) > 0) return null;
  const password = crypto.randomBytes(12).toString('base64url');
  await createUser(systemActor, { email: FIRST_ADMIN_EMAIL, password, role: 'admin' });
  unshown = { email: FIRST_ADMIN_EMAIL, password };
  return unshown;
}

/** Prints the box with the generated credentials, if there are any not shown yet; then forgets them. */
export function showFirstAdmin(log: (line: string) => void) {
  if (!unshown) return;
  for (const line of firstAdminBox(unshown, signInUrl())) log(line);
  unshown = null;
}

/** The credentials in a box, with where to sign in; one string per line. */
export function firstAdminBox(admin: FirstAdmin, signInUrl: string): string[] {
  const body = [
    'First start: Verso created an admin account.',
    '',
    `  Sign in at  ${signInUrl}`,
    `  email:      ${admin.email}`,
    `  password:   ${admin.password}`,
    '',
    'The password is shown only this once. Change it on',
    'your Account page (click your name, top right).',
  ];
  const width = Math.max(...body.map((line) => line.length));
  const rule = '─'.repeat(width + 4);
  return ['', `┌${rule}┐`, ...body.map((line) => `│  ${line.padEnd(width)}  │`), `└${rule}┘`, ''];
}

/** Where a newcomer signs in: NEXTAUTH_URL when set (npm start sets it), else localhost on PORT. */
export function signInUrl(): string {
  const { NEXTAUTH_URL, PORT } = env();
  return `${(NEXTAUTH_URL ?? `http://localhost:${PORT}`).replace(/\/$/, '')}/login`;
}
