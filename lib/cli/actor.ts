import os from 'node:os';
import { z } from 'zod';
import { systemActor, type Actor } from '@/lib/auth/roles';

// Whoever runs the CLI holds the data directory or DATABASE_URL, so acts as admin; the audit
// log names the person: `--actor NAME`, else their OS user, as `cli:<name>`.

export const actorOption = { actor: { type: 'string' } } as const;
export const actorInput = z.object({ actor: z.string().trim().min(1).max(200).optional() });
export const ACTOR_HELP = '  --actor NAME       who is running this, for the audit log (default: your OS user)';

function osUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    // A container user without a passwd entry.
    return 'unknown';
  }
}

export function cliActor(name?: string): Actor {
  return { ...systemActor, name: `cli:${name ?? osUser()}` };
}
