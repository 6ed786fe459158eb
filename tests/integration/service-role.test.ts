import { describe, expect, it } from 'vitest';
import { authenticateApiKey, createApiKey } from '@/lib/auth/api-keys';
import { newApiKeyInput, newUserInput } from '@/lib/auth/schemas';
import { changeUserRole, createUser } from '@/lib/auth/users';
import { admin } from '../support/actors';
import { withTestDatabase } from '../support/db';
import { leavesDatabaseAsItWas } from '../support/snapshot';

// `service` is the role of an application's API key (resolve, run, the gateway, executions,
// metrics). A person never has it: someone who runs prompts does it as an editor.

withTestDatabase();

describe('the service role', () => {
  it('is given to API keys', async () => {
    const { key, apiKey } = await createApiKey(admin, newApiKeyInput.parse({ name: 'checkout-app', role: 'service' }));
    expect(apiKey.role).toBe('service');
    expect(await authenticateApiKey(key)).toMatchObject({ type: 'api_key', role: 'service' });
  });

  it('is refused for a new console user, with a reason', () => {
    const parsed = newUserInput.safeParse({ email: 'app@example.com', password: 'a-long-password', role: 'service' });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]).toMatchObject({ path: ['role'], message: expect.stringMatching(/service is a role for API keys/) });
  });

  it('is refused when changing a console user’s role, and changes nothing', async () => {
    const ada = await createUser(admin, newUserInput.parse({ email: 'ada@example.com', password: 'a-long-password', role: 'viewer' }));
    await leavesDatabaseAsItWas(() =>
      expect(changeUserRole(admin, ada.id, 'service' as never)).rejects.toMatchObject({ code: 'invalid', message: expect.stringMatching(/that role is for API keys/) }),
    );
  });
});
