import bcrypt from 'bcryptjs';

// Cost 11 is about 150 ms here: slow for an attacker with a stolen table, fine for a login.
const COST = 11;

export const hashPassword = (password: string) => bcrypt.hash(password, COST);
export const verifyPassword = (password: string, hash: string) => bcrypt.compare(password, hash);

// Compared against when the email is unknown, so that a miss costs as long as a hit.
let dummy: Promise<string> | undefined;
export async function burnPasswordCheck(password: string) {
  dummy ??= bcrypt.hash('not-a-real-password', COST);
  await bcrypt.compare(password, await dummy);
}
