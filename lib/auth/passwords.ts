import { runPasswordJob } from './password-worker';

// Cost 11 is about 150 ms here: slow for an attacker with a stolen table, fine for a login.
const COST = 11;

export const hashPassword = (password: string) => runPasswordJob({ op: 'hash', password, cost: COST });
export const verifyPassword = (password: string, hash: string) => runPasswordJob({ op: 'compare', password, hash });

// Compared against when the email is unknown, so that a miss costs as long as a hit.
let dummy: Promise<string> | undefined;
export async function burnPasswordCheck(password: string) {
  dummy ??= hashPassword('not-a-real-password').catch((error: unknown) => {
    dummy = undefined;
    throw error;
  });
  await verifyPassword(password, await dummy);
}
