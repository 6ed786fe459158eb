import assert from 'node:assert/strict';
import { Langfuse } from 'langfuse';
import { defineSpec } from '../support/runner';

// The Langfuse-compatible prompt API through the real server (`next build` + `next start`):
// the official `langfuse` client with only its base URL changed, a folder name sent as %2F
// through Next.js's routing, and Basic auth with a Verso API key as the secret key.

export default defineSpec('Langfuse-compatible prompt API', (test) => {
  test("serves the demo prompts to Langfuse's client and takes a new version from it", async ({ app }) => {
    const langfuse = new Langfuse({ publicKey: 'pk-lf-e2e', secretKey: app.apiKey, baseUrl: app.url });
    try {
      const summarizer = await langfuse.getPrompt('summarizer', undefined, { cacheTtlSeconds: 0 });
      assert.equal(summarizer.version, 2);
      assert.deepEqual(summarizer.labels, ['production', 'latest']);
      assert.match(summarizer.compile({ audience: 'a busy CTO', text: 'Verso ships.' }), /for a busy CTO\.\n\nText:\n"""\nVerso ships\.\n"""/);

      const reply = await langfuse.getPrompt('support/reply', undefined, { type: 'chat', label: 'staging', cacheTtlSeconds: 0 });
      assert.equal(reply.version, 3);
      const messages = reply.compile({ company: 'Acme', customer_name: 'Ada', ticket_id: '42', ticket: 'Where is my parcel?' });
      assert.equal(messages[0]?.role, 'system');
      assert.match(String(messages[0]?.content), /support agent for Acme/);

      const created = await langfuse.createPrompt({ name: 'e2e/langfuse', prompt: 'Hi {{ name }}', labels: ['staging'], config: { model: 'gpt-4o-mini' } });
      assert.deepEqual({ version: created.version, labels: created.labels }, { version: 1, labels: ['staging', 'latest'] });
      const fetched = await langfuse.getPrompt('e2e/langfuse', undefined, { label: 'staging', cacheTtlSeconds: 0 });
      assert.equal(fetched.compile({ name: 'Ada' }), 'Hi Ada');

      await assert.rejects(langfuse.getPrompt('no/such-prompt', undefined, { cacheTtlSeconds: 0 }), /Prompt "no\/such-prompt" does not exist\./);
    } finally {
      await langfuse.shutdownAsync();
    }
  });

  test('refuses a wrong secret key with 401 in the shape of Langfuse', async ({ app }) => {
    const res = await fetch(`${app.url}/api/public/v2/prompts/summarizer`, {
      headers: { authorization: `Basic ${Buffer.from('pk-lf-e2e:sk-lf-wrong').toString('base64')}` },
    });
    assert.equal(res.status, 401);
    assert.deepEqual(await res.json(), { message: 'This API key is unknown or revoked.', error: 'UnauthorizedError', code: 'unauthorized' });
  });
});
