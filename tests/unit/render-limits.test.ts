import { describe, expect, it } from 'vitest';
import { VersoError } from '@/lib/api/errors';
import { compile, declareVariables, render, type PromptBody } from '@/lib/prompts/templates';

// One budget per render, for the whole prompt: 1 s (VERSO_RENDER_TIMEOUT_MS) and 4 MB of output
// (VERSO_RENDER_MAX_BYTES). A template that would spend more fails with render_limit (422), and
// the server keeps answering everyone else meanwhile.

/** About half a second of LiquidJS on this machine, checked between tags. */
const halfSecondLoop = '{% for i in (1..1500000) %}{% endfor %}';
/** One filter call over three million items: nothing inside it checks the clock. */
const longSort = '{{ (1..3000000) | sort_natural | uniq | size }}';

function renderBody(body: PromptBody, values: Record<string, unknown> = {}) {
  const compiled = compile(body);
  const declared = declareVariables(compiled).map((v) => ({ ...v, type: 'json' as const }));
  return render(compiled, declared, values);
}

const text = (template: string): PromptBody => ({ type: 'text', template });

async function refusal(rendering: Promise<unknown>): Promise<VersoError> {
  const outcome = await rendering.then(
    (rendered) => new Error(`expected a refusal, got ${JSON.stringify(rendered).slice(0, 100)}`),
    (error: unknown) => error,
  );
  if (outcome instanceof VersoError) return outcome;
  throw outcome;
}

describe('the render budget', () => {
  it('is one for the whole prompt, not one per tag or per message', async () => {
    const messages = Array.from({ length: 10 }, () => ({ role: 'user' as const, content: `${halfSecondLoop}x`.repeat(4) }));
    const error = await refusal(renderBody({ type: 'chat', messages }));
    expect(error).toMatchObject({ code: 'render_limit', details: { limit: 'time', timeout_ms: 1000 } });
    expect(error.message).toMatch(/render time limit of 1000 ms/);
  }, 15_000);

  it('interrupts a single filter call that runs past it', async () => {
    const error = await refusal(renderBody(text(longSort)));
    expect(error).toMatchObject({ code: 'render_limit', details: { limit: 'time' } });
  }, 15_000);

  it('refuses a 400 MB output from plain outputs, and keeps serving', async () => {
    const error = await refusal(renderBody(text('{{ a }}'.repeat(100)), { a: 'x'.repeat(4_000_000) }));
    expect(error).toMatchObject({ code: 'render_limit', details: { limit: 'bytes', max_bytes: 4 * 1024 * 1024 } });
    expect(await renderBody(text('still {{ a }}'), { a: 'here' })).toEqual({ type: 'text', text: 'still here' });
  }, 15_000);

  it('refuses a 400 MB output from a loop, and keeps serving', async () => {
    const error = await refusal(renderBody(text(`{% for i in (1..400000) %}${'x'.repeat(1000)}{% endfor %}`)));
    expect(error).toMatchObject({ code: 'render_limit', details: { limit: 'bytes' } });
    expect(await renderBody(text('{% for i in (1..3) %}{{ i }}{% endfor %}'))).toEqual({ type: 'text', text: '123' });
  }, 15_000);

  it('refuses a 400 MB string built inside the template, and keeps serving', async () => {
    const template = '{% capture s %}{% for i in (1..4000) %}{{ kb }}{% endfor %}{% endcapture %}{{ s | upcase | size }}';
    const error = await refusal(renderBody(text(template), { kb: 'x'.repeat(100_000) }));
    expect(error).toMatchObject({ code: 'render_limit' });
    expect(await renderBody(text('{% for i in (1..3) %}{{ i }}{% endfor %}'))).toEqual({ type: 'text', text: '123' });
  }, 15_000);

  it('counts the output in bytes, over all messages of a chat prompt', async () => {
    // 1.5 M characters of three bytes each, in three messages: under 4 M characters, over 4 MB.
    const messages = Array.from({ length: 3 }, () => ({ role: 'user' as const, content: '{{ a }}' }));
    const error = await refusal(renderBody({ type: 'chat', messages }, { a: '€'.repeat(500_000) }));
    expect(error).toMatchObject({ code: 'render_limit', details: { limit: 'bytes' } });
  });
});

describe('a long render', () => {
  it('does not hold up a plain render that starts after it', async () => {
    const settled: string[] = [];
    const slow = Promise.resolve()
      .then(() => renderBody(text(longSort)))
      .catch(() => undefined)
      .finally(() => settled.push('slow'));
    const plain = new Promise((resolve) => setTimeout(resolve, 20))
      .then(() => renderBody(text('Hello {{ name }}'), { name: 'Ada' }))
      .finally(() => settled.push('plain'));
    expect(await plain).toEqual({ type: 'text', text: 'Hello Ada' });
    await slow;
    expect(settled).toEqual(['plain', 'slow']);
  }, 15_000);

  it('does not hold up a LiquidJS render that starts after it, with a second worker', async () => {
    const settled: string[] = [];
    const slow = renderBody(text(longSort))
      .catch(() => undefined)
      .finally(() => settled.push('slow'));
    const loop = new Promise((resolve) => setTimeout(resolve, 20))
      .then(() => renderBody(text('{% for i in list %}{{ i }}{% endfor %}'), { list: [1, 2] }))
      .finally(() => settled.push('loop'));
    expect(await loop).toEqual({ type: 'text', text: '12' });
    await slow;
    expect(settled).toEqual(['loop', 'slow']);
  }, 15_000);
});
