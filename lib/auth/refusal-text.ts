// What the login form says when the login limits refuse: shared by the server (error
// messages) and the form, which gets only a code through next-auth's `?error=` and builds the
// sentence itself, so that the login page never shows text taken from its URL.

export type RefusedLimit = 'address' | 'account';

export function refusalText(limit: RefusedLimit, seconds: number): string {
  const wait = seconds < 90 ? `${seconds} second${seconds === 1 ? '' : 's'}` : `${Math.ceil(seconds / 60)} minutes`;
  return limit === 'address'
    ? `Too many sign-in attempts from your network. Try again in ${wait}.`
    : `Too many failed sign-ins for this account. Try again in ${wait}.`;
}

export const refusalCode = (limit: RefusedLimit, seconds: number) => `RateLimited:${limit}:${seconds}`;

/** The sentence for a `RateLimited:<limit>:<seconds>` code, or undefined for any other error. */
export function refusalTextFromCode(code: string): string | undefined {
  const match = /^RateLimited:(address|account):(\d{1,6})$/.exec(code);
  return match ? refusalText(match[1] as RefusedLimit, Number(match[2])) : undefined;
}
