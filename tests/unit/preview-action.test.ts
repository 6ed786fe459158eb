import { describe, expect, it, vi } from 'vitest';
import { assertRole, type Actor } from '@/lib/auth/roles';
import { actorWith } from '../support/actors';

// The editor's live preview renders on the server: it costs time and memory, so it needs the
// role of the people who write templates. The session is faked; the role check is the real one.
const signedIn = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock('@/lib/auth/session', async () => ({
  requireRole: async (role: Parameters<typeof assertRole>[1]) => {
    assertRole(signedIn.actor!, role);
    return signedIn.actor!;
  },
}));
vi.mock('next/cache', () => ({ revalidatePath: () => undefined }));

const { preview } = await import('@/app/(console)/prompts/actions');
const draft = { body: { type: 'text' as const, template: 'Hi {{ name }}' }, values: { name: 'Ada' } };

describe('the preview action', () => {
  it('refuses a viewer', async () => {
    signedIn.actor = actorWith('viewer');
    expect(await preview(draft)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('renders for an editor', async () => {
    signedIn.actor = actorWith('editor');
    expect(await preview(draft)).toMatchObject({ ok: true, data: { rendered: { type: 'text', text: 'Hi Ada' }, problem: null } });
  });
});
