import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VariableSpec } from '@/db/schema';
import { VersoError } from '@/lib/api/errors';
import { createEngine, renderAll } from '@/lib/prompts/liquid-engine.mjs';
import { compile, declareVariables, render } from '@/lib/prompts/templates';

// Templates are written by editors and rendered on the server. These payloads are the known ways
// out of template engines (SSTI); none may reach JavaScript. Canaries on Object.prototype,
// Function.prototype and globalThis record any read, so a payload that touches the JavaScript
// world fails the test even when its output looks harmless.

const touched: string[] = [];
const canaries: [object, string][] = [
  [Object.prototype, 'vcanary'],
  [Object.prototype, 'vcanaryFn'],
  [Function.prototype, 'vcanaryFunc'],
  [globalThis, 'vcanaryGlobal'],
];

beforeAll(() => {
  for (const [target, name] of canaries) {
    Object.defineProperty(target, name, {
      configurable: true,
      enumerable: false,
      get() {
        touched.push(name);
        return name === 'vcanaryFn' ? () => 'LEAKED' : 'LEAKED';
      },
    });
  }
});

afterAll(() => {
  for (const [target, name] of canaries) delete (target as Record<string, unknown>)[name];
});

const values = { x: 'abc', obj: { a: 1, nested: { b: 2 } }, list: [{ title: 't1' }, { title: 't2' }], key: 'constructor' };

const payloads = [
  // constructor chains
  `{{ x.constructor.constructor('return process')() }}`,
  `{{ "".constructor.constructor }}`,
  `{{ x.constructor }}{{ x.constructor.name }}`,
  `{{ obj.constructor.constructor }}`,
  `{{ list.constructor }}{{ list.constructor.from }}`,
  `{{ obj[key] }}{{ obj["constructor"]["constructor"] }}`,
  `{% assign c = obj.constructor %}{{ c.constructor }}{{ c.keys }}`,
  `{{ list | map: "constructor" | join: "," }}{{ list | map: "vcanary" | join }}`,
  `{{ list | where: "constructor" | size }}{{ list | sort: "constructor" | map: "title" | join }}`,
  `{{ x | split: "" | map: "constructor" | first }}`,
  // prototypes
  `{{ x.__proto__ }}{{ obj.__proto__.vcanary }}{{ obj["__proto__"] }}`,
  `{{ obj.prototype }}{{ x.prototype }}{{ list.__proto__.vcanaryFn }}`,
  `{{ obj.toString }}{{ obj.hasOwnProperty }}{{ obj.valueOf }}{{ obj.__defineGetter__ }}`,
  // the canaries themselves, by every road
  `{{ vcanary }}{{ x.vcanary }}{{ obj.vcanary }}{{ obj.nested.vcanary }}{{ list.vcanary }}{{ list[0].vcanary }}`,
  `{{ vcanaryFn }}{{ obj.vcanaryFn }}{{ x.vcanaryFunc }}{{ vcanaryGlobal }}`,
  `{% for k in vcanary %}{{ k }}{% endfor %}{% if vcanaryFn %}LEAKED{% endif %}`,
  // names of JavaScript's globals and of the scope itself
  `{{ process }}{{ process.env }}{{ process.env.PATH }}{{ process.mainModule.require }}`,
  `{{ require }}{{ require.main }}{{ module }}{{ exports }}{{ __dirname }}`,
  `{{ global }}{{ global.process }}{{ globalThis }}{{ globalThis.process.version }}`,
  `{{ this }}{{ this.constructor }}{{ self }}{{ window }}`,
  `{{ constructor }}{% for k in constructor %}{{ k }}{% endfor %}{{ toString }}{{ __proto__ }}`,
  `{{ Function }}{{ eval }}{{ Object }}{{ Reflect }}`,
  // files
  `{% include '/etc/passwd' %}`,
  `{% render '/etc/passwd' %}`,
  `{% layout '/etc/passwd' %}`,
  `{% liquid include "../../.env" %}`,
];

type Outcome = { output: string } | { error: VersoError };

/**
 * Renders a payload twice: as an editor would save it (detected variables, required), and with
 * every detected variable optional, so that the engine itself resolves names like `process`.
 * Templates beyond the concatenation plan render in a worker thread, where these canaries do not
 * exist, so each payload is also rendered here by the engine the workers build.
 */
async function attack(template: string): Promise<Outcome[]> {
  let compiled;
  try {
    compiled = compile({ type: 'text', template });
  } catch (error) {
    return [{ error: error as VersoError }];
  }
  const asSaved = declareVariables(compiled);
  const lenient: VariableSpec[] = asSaved.map((v) => ({ ...v, required: false, type: v.name in values && v.name !== 'x' ? 'json' : v.type }));
  const outcomes = await Promise.all(
    [asSaved, lenient].map(async (declared): Promise<Outcome> => {
      try {
        const result = await render(compiled, declared, values);
        return { output: result.type === 'text' ? result.text : JSON.stringify(result.messages) };
      } catch (error) {
        return { error: error as VersoError };
      }
    }),
  );
  return [...outcomes, inThisThread(template)];
}

const workerEngine = createEngine();

function inThisThread(template: string): Outcome {
  try {
    const scope = Object.assign(Object.create(null), values);
    return { output: renderAll(workerEngine, [workerEngine.parse(template)], scope, { timeoutMs: 1_000, maxBytes: 1_000_000 })[0]! };
  } catch (error) {
    return { error: new VersoError('invalid', String((error as Error).message)) };
  }
}

const leaks = /LEAKED|native code|function|process|\[object|=>|root:|\/bin|v\d+\.\d+\.\d+/i;

describe('the template sandbox', () => {
  for (const payload of payloads) {
    it(`keeps ${JSON.stringify(payload)} away from JavaScript`, async () => {
      touched.length = 0;
      for (const outcome of await attack(payload)) {
        if ('error' in outcome) {
          expect(outcome.error, String(outcome.error)).toBeInstanceOf(VersoError);
          expect(['invalid', 'missing_variables', 'too_large']).toContain(outcome.error.code);
          expect(outcome.error.message).not.toMatch(/LEAKED|native code/);
        } else {
          expect(outcome.output).not.toMatch(leaks);
        }
      }
      expect(touched).toEqual([]);
    });
  }

  it('reads variables only from what the caller sent, never from Object.prototype', async () => {
    touched.length = 0;
    const declared: VariableSpec[] = [
      { name: 'vcanary', type: 'string', required: true },
      { name: 'vcanaryFn', type: 'json', required: false },
    ];
    const compiled = compile({ type: 'text', template: '{{ vcanary }}{{ vcanaryFn }}' });
    await expect(render(compiled, declared, {})).rejects.toMatchObject({ code: 'missing_variables', details: { missing: ['vcanary'] } });
    expect(await render(compiled, declared, { vcanary: 'mine' })).toEqual({ type: 'text', text: 'mine' });
    expect(touched).toEqual([]);
  });

  it('treats a variable named __proto__ as a plain value, in this thread and in a render worker', async () => {
    const declared: VariableSpec[] = [{ name: '__proto__', type: 'json', required: true }];
    const compiled = compile({ type: 'text', template: '{{ __proto__.vcanary }}|{{ __proto__.a }}' });
    const sent = JSON.parse('{"__proto__": {"a": "own"}}') as Record<string, unknown>;
    expect(await render(compiled, declared, sent)).toEqual({ type: 'text', text: '|own' });
    const looped = compile({ type: 'text', template: '{% for i in (1..1) %}{{ __proto__.vcanary }}|{{ __proto__.a }}{% endfor %}' });
    expect(await render(looped, declared, sent)).toEqual({ type: 'text', text: '|own' });
  });

  // Over a limit, the render fails as a whole with render_limit (422), naming the limit.
  it('stops a loop over a huge range by its memory limit', async () => {
    const [outcome] = await attack('{% for i in (1..100000000) %}{{ i }}{% endfor %}');
    expect(outcome).toMatchObject({ error: { code: 'render_limit', details: { limit: 'memory' } } });
  });

  it('stops a string that doubles itself by its memory limit', async () => {
    const [outcome] = await attack('{% assign s = "xxxxxxxxxx" %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s | size }}');
    expect(outcome).toMatchObject({ error: { code: 'render_limit', details: { limit: 'memory' } } });
  });

  it('stops nested loops of a hundred million steps by its time limit', async () => {
    const [outcome] = await attack('{% for i in (1..10000) %}{% for j in (1..10000) %}x{% endfor %}{% endfor %}');
    expect(outcome).toMatchObject({ error: { code: 'render_limit' } });
  });

  it('stops a huge join by its memory limit', async () => {
    const [outcome] = await attack('{{ (1..100000000) | join: "," }}');
    expect(outcome).toMatchObject({ error: { code: 'render_limit', details: { limit: 'memory' } } });
  });
});
