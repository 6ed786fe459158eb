// A user signed in with a one-time password may call one action only: choosing a new password.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { Actor } from '@/lib/auth/roles';

const signedIn = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock('@/lib/auth/session', () => ({ requireRole: async () => signedIn.actor }));

const { action } = await import('@/lib/auth/action');
const { firstAdminBox } = await import('@/lib/server/first-admin');

const onOneTimePassword: Actor = { type: 'user', id: 'u1', name: 'viewer@example.com', role: 'viewer', mustChangePassword: true };
const input = z.object({ name: z.string() });

describe('the action wrapper for a user on a one-time password', () => {
  beforeEach(() => {
    signedIn.actor = onOneTimePassword;
  });

  it('refuses every action, with a message that says what to do, and does not run it', async () => {
    const body = vi.fn(async () => 'done');
    const result = await action({ input, role: 'viewer' }, body)({ name: 'x' });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'Choose a new password on your Account page first.' } });
    expect(body).not.toHaveBeenCalled();
  });

  it('runs the action that lets them choose a new password', async () => {
    const result = await action({ input, role: 'viewer', passwordChange: 'allowed' }, async () => 'changed')({ name: 'x' });
    expect(result).toEqual({ ok: true, data: 'changed' });
  });

  it('runs every action once the password is their own', async () => {
    signedIn.actor = { ...onOneTimePassword, mustChangePassword: false };
    expect(await action({ input, role: 'viewer' }, async () => 'done')({ name: 'x' })).toEqual({ ok: true, data: 'done' });
  });
});

describe('the first-start box', () => {
  it('frames the sign-in address, email and password in lines of one width', () => {
    const lines = firstAdminBox({ email: 'admin@localhost', password: 'qMBgfq0kqLgKGOqs' }, 'http://localhost:3000/login');
    const box = lines.filter((l) => l !== '');
    expect(new Set(box.map((l) => l.length)).size).toBe(1);
    expect(box[0]).toMatch(/^┌─+┐$/);
    expect(box.at(-1)).toMatch(/^└─+┘$/);
    expect(box.join('\n')).toMatch(/Sign in at +http:\/\/localhost:3000\/login[\s\S]*email: +admin@localhost[\s\S]*password: +qMBgfq0kqLgKGOqs/);
  });
});
