// Runs in the browser before the console's own code. The pages' Content-Security-Policy has no
// 'unsafe-eval' (lib/server/security-headers.ts): zod's probe for eval (its JIT fast path) would be
// reported as a violation on every page that checks a form field. Browsers validate little;
// the server keeps the JIT.
import { z } from 'zod';

z.config({ jitless: true });
