/**
 * What resolve() throws. The codes and messages are the server's for the same failure
 * (`missing_variables`, `invalid`, `render_limit`, `not_found`), plus `unavailable` when there
 * is no snapshot to serve from.
 */
export type VersoErrorCode = 'missing_variables' | 'invalid' | 'render_limit' | 'not_found' | 'unavailable';

export class VersoSdkError extends Error {
  constructor(
    readonly code: VersoErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'VersoSdkError';
  }
}
