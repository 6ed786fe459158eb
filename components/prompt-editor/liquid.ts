import type { editor, languages } from 'monaco-editor';

type MonacoApi = { languages: typeof languages; editor: typeof editor };

export const LIQUID = 'liquid';
export const LIQUID_THEME = 'verso-liquid';

// Monarch grammar for the Liquid that LiquidJS accepts: prose, `{{ output | filter: arg }}`,
// `{% tag … %}` (with the whitespace-control dashes), comments and raw blocks.
const grammar: languages.IMonarchLanguage = {
  defaultToken: '',
  tokenPostfix: '.liquid',
  keywords: [
    'if', 'elsif', 'else', 'endif', 'unless', 'endunless', 'case', 'when', 'endcase', 'for', 'endfor', 'in', 'break',
    'continue', 'cycle', 'tablerow', 'endtablerow', 'assign', 'capture', 'endcapture', 'increment', 'decrement', 'echo',
    'liquid', 'limit', 'offset', 'reversed', 'cols', 'with', 'and', 'or', 'contains', 'not',
  ],
  constants: ['true', 'false', 'nil', 'null', 'empty', 'blank'],
  tokenizer: {
    root: [
      [/\{%-?\s*comment\s*-?%\}/, { token: 'comment', next: '@comment' }],
      [/\{%-?\s*raw\s*-?%\}/, { token: 'delimiter.tag', next: '@raw' }],
      [/\{%-?\s*#/, { token: 'comment', next: '@inlineComment' }],
      [/\{\{-?/, { token: 'delimiter.output', next: '@output' }],
      [/\{%-?/, { token: 'delimiter.tag', next: '@tagName' }],
      [/[^{]+/, ''],
      [/\{/, ''],
    ],
    comment: [
      [/\{%-?\s*endcomment\s*-?%\}/, { token: 'comment', next: '@pop' }],
      [/[^{]+/, 'comment'],
      [/\{/, 'comment'],
    ],
    inlineComment: [
      [/-?%\}/, { token: 'comment', next: '@pop' }],
      [/[^%-]+/, 'comment'],
      [/[%-]/, 'comment'],
    ],
    raw: [
      [/\{%-?\s*endraw\s*-?%\}/, { token: 'delimiter.tag', next: '@pop' }],
      [/[^{]+/, ''],
      [/\{/, ''],
    ],
    tagName: [
      [/\s+/, 'white'],
      [/-?%\}/, { token: 'delimiter.tag', next: '@pop' }],
      [/[a-zA-Z_]\w*/, { token: 'keyword.tag', switchTo: '@tag' }],
      [/./, { token: '', switchTo: '@tag' }],
    ],
    tag: [[/-?%\}/, { token: 'delimiter.tag', next: '@pop' }], { include: '@expression' }],
    output: [[/-?\}\}/, { token: 'delimiter.output', next: '@pop' }], { include: '@expression' }],
    expression: [
      [/\s+/, 'white'],
      [/(\|)(\s*)([a-zA-Z_]\w*)/, ['delimiter.pipe', 'white', 'function.filter']],
      [/"([^"\\]|\\.)*"/, 'string'],
      [/'([^'\\]|\\.)*'/, 'string'],
      [/"|'/, 'string.invalid'],
      [/-?\d+(\.\d+)?/, 'number'],
      [/[a-zA-Z_][\w-]*\??/, { cases: { '@keywords': 'keyword', '@constants': 'constant', '@default': 'variable' } }],
      [/==|!=|<>|<=|>=|<|>|\.\.|=/, 'operator'],
      [/[.,:[\]()]/, 'delimiter'],
      [/./, ''],
    ],
  },
};

const configuration: languages.LanguageConfiguration = {
  brackets: [
    ['{{', '}}'],
    ['{%', '%}'],
    ['[', ']'],
    ['(', ')'],
  ],
  surroundingPairs: [
    { open: '"', close: '"' },
    { open: "'", close: "'" },
    { open: '(', close: ')' },
    { open: '[', close: ']' },
  ],
};

let registered = false;

/** Registers the language and its colours once per page, whichever editor mounts first. */
export function registerLiquid(monaco: MonacoApi) {
  if (registered) return;
  registered = true;
  monaco.languages.register({ id: LIQUID, aliases: ['Liquid'], extensions: ['.liquid'] });
  monaco.languages.setMonarchTokensProvider(LIQUID, grammar);
  monaco.languages.setLanguageConfiguration(LIQUID, configuration);
  monaco.editor.defineTheme(LIQUID_THEME, {
    base: 'vs',
    inherit: true,
    rules: [
      { token: 'delimiter.output', foreground: '7c3aed', fontStyle: 'bold' },
      { token: 'delimiter.tag', foreground: '0f766e', fontStyle: 'bold' },
      { token: 'keyword.tag', foreground: '0f766e', fontStyle: 'bold' },
      { token: 'keyword', foreground: '0f766e' },
      { token: 'variable', foreground: '9a3412' },
      { token: 'function.filter', foreground: '1d4ed8' },
      { token: 'delimiter.pipe', foreground: '1d4ed8' },
      { token: 'string', foreground: '15803d' },
      { token: 'string.invalid', foreground: 'dc2626' },
      { token: 'number', foreground: 'b45309' },
      { token: 'constant', foreground: 'b45309' },
      { token: 'operator', foreground: '475569' },
      { token: 'comment', foreground: '6b7280', fontStyle: 'italic' },
    ],
    // Monaco's light theme is #fffffe; the cards around it are white.
    colors: { 'editor.background': '#ffffff' },
  });
}
