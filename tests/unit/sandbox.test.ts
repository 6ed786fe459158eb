import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VariableSpec } from '@/db/schema';
import { VersoError } from '@/lib/api/errors';
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
 */
function attack(template: string): Outcome[] {
  let compiled;
  try {
    compiled = compile({ type: 'text', template });
  } catch (error) {
    return [{ error: error as VersoError }];
  }
  const asSaved = declareVariables(compiled);
  const lenient: VariableSpec[] = asSaved.map((v) => ({ ...v, required: false, type: v.name in values && v.name !== 'x' ? 'json' : v.type }));
  return [asSaved, lenient].map((declared) => {
    try {
      const result = render(compiled, declared, values);
      return { output: result.type === 'text' ? result.text : JSON.stringify(result.messages) };
    } catch (error) {
      return { error: error as VersoError };
    }
  });
}

const leaks = /LEAKED|native code|function|process|\[object|=>|root:|\/bin|v\d+\.\d+\.\d+/i;

describe('the template sandbox', () => {
  for (const payload of payloads) {
    it(`keeps ${JSON.stringify(payload)} away from JavaScript`, () => {
      touched.length = 0;
      for (const outcome of attack(payload)) {
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

  it('reads variables only from what the caller sent, never from Object.prototype', () => {
    touched.length = 0;
    const declared: VariableSpec[] = [
      { name: 'vcanary', type: 'string', required: true },
      { name: 'vcanaryFn', type: 'json', required: false },
    ];
    const compiled = compile({ type: 'text', template: '{{ vcanary }}{{ vcanaryFn }}' });
    expect(() => render(compiled, declared, {})).toThrowError(expect.objectContaining({ code: 'missing_variables', details: { missing: ['vcanary'] } }));
    expect(render(compiled, declared, { vcanary: 'mine' })).toEqual({ type: 'text', text: 'mine' });
    expect(touched).toEqual([]);
  });

  it('treats a variable named __proto__ as a plain value', () => {
    const declared: VariableSpec[] = [{ name: '__proto__', type: 'json', required: true }];
    const compiled = compile({ type: 'text', template: '{{ __proto__.vcanary }}|{{ __proto__.a }}' });
    const sent = JSON.parse('{"__proto__": {"a": "own"}}') as Record<string, unknown>;
    expect(render(compiled, declared, sent)).toEqual({ type: 'text', text: '|own' });
  });

  it('stops a loop over a huge range by its memory limit', () => {
    const [outcome] = attack('{% for i in (1..100000000) %}{{ i }}{% endfor %}');
    expect(outcome).toMatchObject({ error: { code: 'invalid', message: expect.stringMatching(/memory/) } });
  });

  it('stops a string that doubles itself by its memory limit', () => {
    const [outcome] = attack('{% assign s = "xxxxxxxxxx" %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s | size }}');
    expect(outcome).toMatchObject({ error: { code: 'invalid', message: expect.stringMatching(/memory/) } });
  });

  it('stops nested loops of a hundred million steps by its render limit', () => {
    const [outcome] = attack('{% for i in (1..10000) %}{% for j in (1..10000) %}x{% endfor %}{% endfor %}');
    expect(outcome).toMatchObject({ error: { code: 'invalid', message: expect.stringMatching(/render limit/) } });
  });

  it('stops a huge join by its memory limit', () => {
    const [outcome] = attack('{{ (1..100000000) | join: "," }}');
    expect(outcome).toMatchObject({ error: { code: 'invalid' } });
  });
});
