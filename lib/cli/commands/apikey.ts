import { createApiKey } from '@/lib/auth/api-keys';
import { systemActor } from '@/lib/auth/roles';
import { newApiKeyInput } from '@/lib/auth/schemas';
import { defineCommand, noArgs } from '../command';

export const apikeyCreate = defineCommand({
  name: 'apikey create',
  summary: 'create an API key and print it (alone, on the last line)',
  help: `Usage: npm run cli -- apikey create --name NAME --role admin|editor|viewer

Creates an API key and prints it once, alone on the last line of output, so that
scripts can take it with: KEY=$(npm run -s cli -- apikey create --name ci --role editor | tail -1)
The key is stored hashed; it cannot be shown again.

Options:
  --name NAME   what the key is for (shown in the console)
  --role ROLE   admin, editor or viewer`,
  options: { name: { type: 'string' }, role: { type: 'string' } },
  input: newApiKeyInput.extend({ args: noArgs }),
  run: async ({ name, role }) => {
    const { key, apiKey } = await createApiKey(systemActor, { name, role });
    console.log(`Created API key "${apiKey.name}" (role ${apiKey.role}, ${apiKey.prefix}). It is shown only this once:`);
    console.log(key);
  },
});
