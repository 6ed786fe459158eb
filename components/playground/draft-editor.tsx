'use client';
import { useEffect, useMemo, useRef } from 'react';
import { ChatMessages } from '@/components/prompt-editor/chat-messages';
import { draftBody, type Draft, type VariableSpec } from '@/components/prompt-editor/draft';
import { TemplateInput } from '@/components/prompt-editor/template-input';
import { useLivePreview } from '@/components/prompt-editor/use-live-preview';

type Props = {
  index: number;
  draft: Draft;
  onChange: (draft: Draft) => void;
  /** The base version's variables: their settings carry over to the draft, as in the prompt editor. */
  given: VariableSpec[];
  texts: Record<string, string>;
  /** The variables the draft reads, whenever the server detects a new list. */
  onDetected: (variables: VariableSpec[]) => void;
};

/**
 * A column's template, edited with the prompt editor's own fields (Monaco for a text prompt, the
 * message list for a chat prompt) and checked on the server as it is typed, so a template error
 * is marked at its line before anything is run.
 */
export function DraftEditor({ index, draft, onChange, given, texts, onDetected }: Props) {
  const body = useMemo(() => draftBody(draft), [draft]);
  const live = useLivePreview({ body, variables: given, values: texts });
  const detected = live.preview?.variables;
  const report = useRef(onDetected);
  useEffect(() => {
    report.current = onDetected;
  });
  useEffect(() => {
    if (detected) report.current(detected);
  }, [detected]);

  const problem = live.preview?.problem;
  const located = problem?.line !== undefined ? { line: problem.line, column: problem.column ?? 1, message: problem.message } : null;
  return (
    <div className="space-y-2" data-testid={`column-${index}-editor`}>
      {draft.type === 'text' ? (
        <TemplateInput
          path={`inmemory://verso/playground-${index}.liquid`}
          testId={`column-${index}-template`}
          ariaLabel={`Template of column ${index + 1}`}
          value={draft.template}
          onChange={(template) => onChange({ ...draft, template })}
          problem={located}
          minHeight={140}
          maxHeight={420}
        />
      ) : (
        <ChatMessages
          messages={draft.messages}
          onChange={(messages) => onChange({ ...draft, messages })}
          problem={located && problem?.messageIndex !== undefined ? { ...located, messageIndex: problem.messageIndex } : null}
        />
      )}
      {problem && problem.code !== 'missing_variables' && (
        <p className="text-xs text-destructive" role="status" data-testid={`column-${index}-template-problem`}>
          {located
            ? `Template error${problem.messageIndex !== undefined ? ` in message ${problem.messageIndex + 1}` : ''}, line ${located.line}, column ${located.column}: `
            : ''}
          {problem.message}
        </p>
      )}
    </div>
  );
}
