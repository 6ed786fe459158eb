import { createApiKey } from '@/lib/auth/api-keys';
import { newApiKeyInput } from '@/lib/auth/schemas';
import { ACTOR_HELP, actorInput, actorOption, cliActor } from '../actor';
import { defineCommand, noArgs } from '../command';

export const apikeyCreate = defineCommand({
  name: 'apikey create',
  summary: 'create an API key and print it (alone, on the last line)',
  help: `Usage: npm run cli -- apikey create --name NAME --role admin|editor|service|viewer

Creates an API key and prints it once, alone on the last line of output, so that
scripts can take it with: KEY=$(npm run -s cli -- apikey create --name app --role service | tail -1)
The key is stored hashed; it cannot be shown again.

Options:
  --name NAME   what the key is for (shown in the console)
  --role ROLE   viewer: reads prompts, experiments and results; changes nothing
                service: an application: resolve, run, the gateway, executions, metrics
                editor: also writes prompts, versions, experiments, labels but production
                admin: everything
${ACTOR_HELP}`,
  options: { name: { type: 'string' }, role: { type: 'string' }, ...actorOption },
  input: newApiKeyInput.extend({ args: noArgs, ...actorInput.shape }),
  run: async ({ name, role, actor }) => {
    const { key, apiKey } = await createApiKey(cliActor(actor), { name, role });
    console.log(`Created API key "${apiKey.name}" (role ${apiKey.role}, ${apiKey.prefix}). It is shown only this once:`);
    console.log(key);
  },
});
