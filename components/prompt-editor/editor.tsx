'use client';
/**
 * The prompt editor: a draft of a new version (or of a new prompt and its version 1), previewed
 * on the server as it is typed and saved as a new version; nothing here ever changes a version.
 *
 * Hooks for end-to-end tests (stable; change them together with tests/e2e):
 *   data-testid="new-prompt-name"   name input (new prompt only)
 *   data-testid="prompt-type-text" / "prompt-type-chat"   type radios (new prompt only)
 *   data-testid="template-editor"   container of the text prompt's Monaco editor; it has
 *                                   data-ready="true" once Monaco has replaced the textarea
 *                                   fallback (type into `.monaco-editor` only after that)
 *   data-testid="message-<i>", "message-editor-<i>"   chat message i (0-based) and its editor
 *   data-testid="variable-<name>", "sample-<name>"    a detected variable and its sample input
 *   data-testid="preview"           preview panel; data-state="pending" | "ok" | "error"
 *   data-testid="preview-text" / "preview-messages" / "preview-problem"   what it shows
 *   data-testid="commit-message"    commit message input
 *   data-testid="save-label-production" / "save-label-staging"   labels to set on save
 *   data-testid="save-version"      "Save as new version" (or "Create prompt") button
 *   data-testid="action-error"      the error a failed save explains
 * On the prompt page (components/prompts): "version-row-<n>", "promote-<n>", "set-label-<n>",
 *   "rollback-<moveId>", "label-moves", "saved-version".
 */
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useMemo, useState } from 'react';
import { createPrompt, preview as previewAction, saveVersion } from '@/app/(console)/prompts/actions';
import { ActionError } from '@/components/prompts/action-error';
import { promptPath } from '@/components/prompts/paths';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import type { ErrorBody } from '@/lib/api/errors';
import type { VersionView } from '@/lib/prompts/versions';
import { ChatMessages } from './chat-messages';
import { draftBody, draftFromVersion, emptyDraft, parseDefault, parseModelConfig, variableSpecs, type Draft, type VariableSpec } from './draft';
import { ModelConfigForm } from './model-config-form';
import { PreviewPanel } from './preview-panel';
import { PromptMetaFields, tagsOf, type PromptMeta } from './prompt-meta-fields';
import { labelsToSet, SavePanel, type LabelChoice } from './save-panel';
import { TemplateInput } from './template-input';
import { useLivePreview } from './use-live-preview';
import { VariablesPanel } from './variables-panel';

type Props =
  | { mode: 'create'; canDeploy: boolean; categories: string[]; defaultModel: { provider: string; model: string } }
  | { mode: 'version'; canDeploy: boolean; name: string; from: VersionView };

type Failure = ErrorBody['error'];

export function PromptEditor(props: Props) {
  const router = useRouter();
  const [meta, setMeta] = useState<PromptMeta>({ name: '', description: '', category: '', tags: '' });
  const [draft, setDraft] = useState<Draft>(() => (props.mode === 'version' ? draftFromVersion(props.from) : emptyDraft('text', props.defaultModel)));
  const [commitMessage, setCommitMessage] = useState('');
  const [labels, setLabels] = useState<LabelChoice>({ production: false, staging: false, custom: '' });
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);

  const body = useMemo(() => draftBody(draft), [draft]);
  const specs = useMemo(() => variableSpecs(draft), [draft]);
  const live = useLivePreview({ body, variables: specs, values: draft.samples });

  // While the template does not parse, the panel keeps the last variables it could detect.
  const [declared, setDeclared] = useState<VariableSpec[]>(props.mode === 'version' ? props.from.variables : []);
  useEffect(() => {
    if (live.preview?.variables) setDeclared(live.preview.variables);
  }, [live.preview?.variables]);

  const problem = live.preview?.problem;
  const located = problem?.line !== undefined ? { line: problem.line, column: problem.column ?? 1, message: problem.message } : null;
  const modelConfig = parseModelConfig(draft.modelConfig);
  const update = (change: Partial<Draft>) => setDraft((d) => ({ ...d, ...change }));

  async function save(event: React.FormEvent) {
    event.preventDefault();
    setFailure(null);
    const local = localProblem();
    if (local) return setFailure({ code: 'invalid', message: local });
    setSaving(true);
    try {
      // Declare exactly what this body reads, even if the debounced preview has not caught up yet.
      const fresh = await previewAction({ body, variables: specs, values: {} });
      if (!fresh.ok) return setFailure(fresh.error);
      if (!fresh.data.variables) return setFailure({ code: 'invalid', message: `Fix the template first. ${fresh.data.problem?.message ?? ''}` });
      const version = { ...body, variables: fresh.data.variables, modelConfig: modelConfig.config, commitMessage, labels: labelsToSet(labels).labels };
      const result =
        props.mode === 'create'
          ? await createPrompt({ name: meta.name.trim(), description: meta.description, category: meta.category.trim() || null, tags: tagsOf(meta.tags), ...version })
          : await saveVersion({ name: props.name, version });
      if (!result.ok) return setFailure(result.error);
      router.push(promptPath(result.data.name, { saved: result.data.version }));
    } catch {
      setFailure({ code: 'internal', message: 'The server could not be reached.' });
    } finally {
      setSaving(false);
    }
  }

  function localProblem(): string | null {
    if (props.mode === 'create' && !meta.name.trim()) return 'Give the prompt a name.';
    if (Object.keys(modelConfig.errors).length > 0) return 'Some model settings are not valid; see the model section.';
    const badDefault = declared.find((v) => draft.variables[v.name] && parseDefault(draft.variables[v.name]!).error);
    if (badDefault) return `The default of ${badDefault.name} does not match its type.`;
    return labelsToSet(labels).error ?? null;
  }

  const cancelHref = props.mode === 'version' ? promptPath(props.name) : '/prompts';

  return (
    <form onSubmit={save} className="space-y-4" noValidate>
      {props.mode === 'create' && (
        <Card>
          <CardHeader>
            <CardTitle>About the prompt</CardTitle>
          </CardHeader>
          <CardContent>
            <PromptMetaFields value={meta} onChange={setMeta} categories={props.categories} />
          </CardContent>
        </Card>
      )}
      <div className="grid gap-4 lg:grid-cols-5">
        <div className="min-w-0 space-y-4 lg:col-span-3">
          <Card>
            <CardHeader className="flex-row flex-wrap items-center justify-between gap-2 space-y-0">
              <div className="space-y-1.5">
                <CardTitle>{draft.type === 'text' ? 'Template' : 'Messages'}</CardTitle>
                <CardDescription>
                  Liquid: <code className="font-mono">{'{{ variable }}'}</code>, <code className="font-mono">{'{% if %}'}</code>,{' '}
                  <code className="font-mono">{'{% for %}'}</code>, filters like <code className="font-mono">{'| upcase'}</code>.
                </CardDescription>
              </div>
              {props.mode === 'create' ? (
                <fieldset className="flex gap-3 text-sm" aria-label="Prompt type">
                  {(['text', 'chat'] as const).map((t) => (
                    <label key={t} className="flex items-center gap-1.5">
                      <input type="radio" name="prompt-type" data-testid={`prompt-type-${t}`} checked={draft.type === t} onChange={() => update({ type: t })} />
                      {t === 'text' ? 'Text' : 'Chat messages'}
                    </label>
                  ))}
                </fieldset>
              ) : (
                <span className="text-xs text-muted-foreground">{draft.type === 'text' ? 'Text prompt' : 'Chat prompt'}</span>
              )}
            </CardHeader>
            <CardContent>
              {draft.type === 'text' ? (
                <TemplateInput
                  path="inmemory://verso/template.liquid"
                  testId="template-editor"
                  ariaLabel="Template"
                  placeholder="Summarise this for {{ audience }}: {{ text }}"
                  value={draft.template}
                  onChange={(template) => update({ template })}
                  problem={located}
                  minHeight={220}
                  maxHeight={560}
                />
              ) : (
                <ChatMessages
                  messages={draft.messages}
                  onChange={(messages) => update({ messages })}
                  problem={located && problem?.messageIndex !== undefined ? { ...located, messageIndex: problem.messageIndex } : null}
                />
              )}
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Model</CardTitle>
              <CardDescription>What the application calls with this version. Leave empty what you do not set.</CardDescription>
            </CardHeader>
            <CardContent>
              <ModelConfigForm value={draft.modelConfig} errors={modelConfig.errors} onChange={(m) => update({ modelConfig: m })} />
            </CardContent>
          </Card>
        </div>
        <div className="min-w-0 space-y-4 lg:col-span-2">
          <Card>
            <CardContent className="pt-4 sm:pt-6">
              <PreviewPanel live={live} />
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Variables</CardTitle>
              <CardDescription>Found in the template as you type.</CardDescription>
            </CardHeader>
            <CardContent>
              <VariablesPanel
                declared={declared}
                drafts={draft.variables}
                samples={draft.samples}
                missing={problem?.missing ?? []}
                onChange={(v) => update({ variables: { ...draft.variables, [v.name]: v } })}
                onSample={(name, value) => update({ samples: { ...draft.samples, [name]: value } })}
              />
            </CardContent>
          </Card>
        </div>
      </div>
      <Card>
        <CardContent className="space-y-4 pt-4 sm:pt-6">
          <SavePanel commitMessage={commitMessage} onCommitMessage={setCommitMessage} labels={labels} onLabels={setLabels} canDeploy={props.canDeploy} />
          {failure && <ActionError error={failure} />}
          <div className="flex flex-col-reverse gap-2 sm:flex-row sm:items-center sm:justify-end">
            <Button asChild variant="ghost">
              <Link href={cancelHref}>Cancel</Link>
            </Button>
            <Button type="submit" data-testid="save-version" disabled={saving}>
              {saving ? 'Saving…' : props.mode === 'create' ? 'Create prompt' : 'Save as new version'}
            </Button>
          </div>
          <p className="text-xs text-muted-foreground sm:text-right">
            {props.mode === 'create'
              ? 'Creates version 1. Later changes are saved as new versions.'
              : `Saves a new version; v${props.from.version} and every other version stay exactly as they are.`}
          </p>
        </CardContent>
      </Card>
    </form>
  );
}
