'use client';
// Loaded only in the browser (next/dynamic with ssr: false, see template-input.tsx).
// Monaco comes from the local `monaco-editor` package, never from a CDN: Verso runs without internet.
// The core editor API plus the features a prompt author uses (monaco-editor/features/*/register)
// is a fraction of the full bundle, which adds ~80 languages, the TypeScript service and its own
// lazily loaded `liquid` grammar that would replace ours; `liquid` here is Verso's (liquid.ts).
import { Editor, loader, type OnMount } from '@monaco-editor/react';
import * as monaco from 'monaco-editor/editor/editor.api.js';
import 'monaco-editor/features/codeEditor/register.js';
import 'monaco-editor/features/codicon/register.js';
import 'monaco-editor/features/bracketMatching/register.js';
import 'monaco-editor/features/clipboard/register.js';
import 'monaco-editor/features/contextmenu/register.js';
import 'monaco-editor/features/cursorUndo/register.js';
import 'monaco-editor/features/find/register.js';
import 'monaco-editor/features/gotoError/register.js';
import 'monaco-editor/features/hover/register.js';
import 'monaco-editor/features/linesOperations/register.js';
import 'monaco-editor/features/multicursor/register.js';
import 'monaco-editor/features/placeholderText/register.js';
import 'monaco-editor/features/readOnlyMessage/register.js';
import 'monaco-editor/features/wordOperations/register.js';
import { useEffect, useRef } from 'react';
import { LIQUID, LIQUID_THEME, registerLiquid } from './liquid';
import type { TemplateProblem } from './template-input';

// Monaco reads its worker factory from this global; the bundler builds the worker from the package.
globalThis.MonacoEnvironment = {
  getWorker: () => new Worker(new URL('monaco-editor/editor/editor.worker.js', import.meta.url), { type: 'module' }),
};
loader.config({ monaco });

export type MonacoTemplateProps = {
  path: string;
  value: string;
  onChange: (value: string) => void;
  onReady: () => void;
  problem: TemplateProblem | null;
  ariaLabel: string;
  placeholder?: string;
  minHeight: number;
  maxHeight: number;
};

const MARKER_OWNER = 'verso-preview';

export default function MonacoTemplate(props: MonacoTemplateProps) {
  const { path, value, onChange, onReady, problem, ariaLabel, placeholder, minHeight, maxHeight } = props;
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const containerRef = useRef<HTMLDivElement>(null);

  const onMount: OnMount = (editor) => {
    editorRef.current = editor;
    // The editor grows with its content between the two heights, so short messages stay short.
    const fit = () => {
      const height = Math.min(maxHeight, Math.max(minHeight, editor.getContentHeight()));
      if (containerRef.current) containerRef.current.style.height = `${height}px`;
      editor.layout();
    };
    editor.onDidContentSizeChange(fit);
    fit();
    onReady();
  };

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    const markers: monaco.editor.IMarkerData[] = problem
      ? [
          {
            severity: monaco.MarkerSeverity.Error,
            message: problem.message,
            startLineNumber: problem.line,
            startColumn: problem.column,
            endLineNumber: problem.line,
            endColumn: model.getLineMaxColumn(Math.min(problem.line, model.getLineCount())),
          },
        ]
      : [];
    monaco.editor.setModelMarkers(model, MARKER_OWNER, markers);
  }, [problem]);

  return (
    <div ref={containerRef} style={{ height: minHeight }}>
      <Editor
        path={path}
        // Uncontrolled on purpose: feeding every keystroke back as `value` races the model while
        // someone types fast and drops characters. The draft follows the editor through onChange.
        defaultValue={value}
        language={LIQUID}
        theme={LIQUID_THEME}
        loading={null}
        beforeMount={() => registerLiquid(monaco)}
        onMount={onMount}
        onChange={(v) => onChange(v ?? '')}
        height="100%"
        options={{
          ariaLabel,
          placeholder,
          automaticLayout: true,
          minimap: { enabled: false },
          wordWrap: 'on',
          lineNumbers: 'on',
          lineNumbersMinChars: 3,
          folding: false,
          glyphMargin: false,
          fontSize: 13,
          tabSize: 2,
          scrollBeyondLastLine: false,
          scrollbar: { alwaysConsumeMouseWheel: false },
          renderLineHighlight: 'none',
          overviewRulerLanes: 0,
          fixedOverflowWidgets: true,
          // Prompts are prose: no pop-ups that swallow Enter, no brackets typed for you.
          quickSuggestions: false,
          suggestOnTriggerCharacters: false,
          wordBasedSuggestions: 'off',
          acceptSuggestionOnEnter: 'off',
          autoClosingBrackets: 'never',
          autoClosingQuotes: 'never',
          autoSurround: 'never',
          unicodeHighlight: { ambiguousCharacters: false, invisibleCharacters: false },
        }}
      />
    </div>
  );
}
