'use client';
import { PencilIcon, PlayIcon, SaveIcon, Undo2Icon, XIcon } from 'lucide-react';
import { runDraft } from '@/app/(console)/playground/actions';
import { preview, saveVersion } from '@/app/(console)/prompts/actions';
import { draftBody } from '@/components/prompt-editor/draft';
import { ActionError } from '@/components/prompts/action-error';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { NativeSelect } from '@/components/ui/native-select';
import type { ErrorBody } from '@/lib/api/errors';
import type { ModelView } from '@/lib/models/catalog';
import type { ProviderStatus } from '@/lib/models/providers';
import type { VersionView } from '@/lib/prompts/versions';
import { ColumnResult } from './column-result';
import { ownModel, startEditing, versionText, type Column } from './columns';
import { DraftEditor } from './draft-editor';
import { ModelSelect } from './model-select';

type Props = {
  index: number;
  name: string;
  column: Column;
  versions: VersionView[];
  models: ModelView[];
  providers: ProviderStatus[];
  canRun: boolean;
  /** A run of all columns is under way: nothing changes until it answers. */
  busy: boolean;
  canRemove: boolean;
  texts: Record<string, string>;
  /** The variables as a run sends them, or why they cannot be sent. */
  values: () => { values: Record<string, unknown>; error?: string };
  onPatch: (patch: Partial<Column>) => void;
  onRemove: () => void;
  onSaved: (version: VersionView) => void;
};

const unreachable: ErrorBody['error'] = { code: 'internal', message: 'The server could not be reached.' };

export function PlaygroundColumn(props: Props) {
  const { index, name, column, versions, canRun, busy, onPatch } = props;
  const base = versions.find((v) => v.version === column.version);
  const id = (what: string) => `column-${index}-${what}`;
  const locked = busy || column.running || column.saving;

  function pickVersion(version: number) {
    const v = versions.find((x) => x.version === version);
    onPatch({ version, model: column.modelTouched ? column.model : (ownModel(v) ?? column.model), outcome: null, notice: null });
  }

  async function runThisDraft() {
    if (!column.draft) return;
    const { values, error } = props.values();
    if (error) return onPatch({ outcome: { ok: false, error: { code: 'invalid', message: error } } });
    if (!column.model) return onPatch({ outcome: { ok: false, error: { code: 'invalid', message: 'Choose a model for this column first.' } } });
    onPatch({ running: true, notice: null });
    try {
      const result = await runDraft({ name, from: column.version, body: draftBody(column.draft), variables: values, model: column.model });
      onPatch({ running: false, outcome: result.ok ? { ok: true, ...result.data } : { ok: false, error: result.error } });
    } catch {
      onPatch({ running: false, outcome: { ok: false, error: unreachable } });
    }
  }

  async function save() {
    if (!column.draft || !base) return;
    onPatch({ saving: true, failure: null });
    try {
      const body = draftBody(column.draft);
      // Declare exactly what the draft reads, as the prompt editor does when it saves.
      const fresh = await preview({ body, variables: base.variables, values: {} });
      if (!fresh.ok) return onPatch({ saving: false, failure: fresh.error });
      if (!fresh.data.variables) {
        return onPatch({ saving: false, failure: { code: 'invalid', message: `Fix the template first. ${fresh.data.problem?.message ?? ''}` } });
      }
      const modelConfig = { ...base.modelConfig, ...(column.model ?? {}) };
      const commitMessage = column.commitMessage.trim() || `Edited in the playground from v${base.version}`;
      const result = await saveVersion({ name, version: { ...body, variables: fresh.data.variables, modelConfig, commitMessage, labels: [] } });
      if (!result.ok) return onPatch({ saving: false, failure: result.error });
      const version = result.data.version;
      props.onSaved({
        ...base,
        ...body,
        version,
        variables: fresh.data.variables,
        modelConfig,
        commitMessage,
        labels: ['latest'],
        createdBy: 'you',
        createdAt: new Date().toISOString(),
      });
      onPatch({ version, draft: null, detected: null, commitMessage: '', saving: false, notice: `Saved as v${version}; this column runs it now.` });
    } catch {
      onPatch({ saving: false, failure: unreachable });
    }
  }

  return (
    <Card className="min-w-0" data-testid={`column-${index}`}>
      <CardHeader className="flex-row items-center justify-between gap-2 space-y-0 pb-3 sm:pb-3">
        <CardTitle className="flex items-center gap-2 text-base">
          Column {index + 1}
          {column.draft && <Badge variant="warning">edited</Badge>}
        </CardTitle>
        {props.canRemove && (
          <Button type="button" variant="ghost" size="icon" aria-label={`Remove column ${index + 1}`} disabled={locked} onClick={props.onRemove}>
            <XIcon />
          </Button>
        )}
      </CardHeader>
      <CardContent className="space-y-3">
        <div className="grid gap-1">
          <Label htmlFor={id('version')} className="text-xs">
            Version
          </Label>
          <NativeSelect
            id={id('version')}
            data-testid={id('version')}
            value={column.version}
            disabled={locked || !!column.draft}
            title={column.draft ? 'Save or discard the edits to pick another version' : undefined}
            onChange={(e) => pickVersion(Number(e.target.value))}
          >
            {versions.map((v) => (
              <option key={v.version} value={v.version}>
                {versionText(v)}
              </option>
            ))}
          </NativeSelect>
          {base?.commitMessage && <p className="truncate text-xs text-muted-foreground italic" title={base.commitMessage}>“{base.commitMessage}”</p>}
        </div>
        <div className="grid gap-1">
          <Label htmlFor={id('model')} className="text-xs">
            Model
          </Label>
          <ModelSelect
            id={id('model')}
            testId={id('model')}
            value={column.model}
            onChange={(model) => onPatch({ model, modelTouched: true })}
            models={props.models}
            providers={props.providers}
            disabled={locked}
          />
        </div>

        {column.draft && base ? (
          <div className="space-y-3 rounded-md border border-dashed p-2">
            <DraftEditor
              index={index}
              draft={column.draft}
              onChange={(draft) => onPatch({ draft })}
              given={base.variables}
              texts={props.texts}
              onDetected={(detected) => onPatch({ detected })}
            />
            <div className="grid gap-1">
              <Label htmlFor={id('commit-message')} className="text-xs">
                Commit message
              </Label>
              <Input
                id={id('commit-message')}
                placeholder={`Edited in the playground from v${base.version}`}
                maxLength={2000}
                value={column.commitMessage}
                onChange={(e) => onPatch({ commitMessage: e.target.value })}
              />
            </div>
            {column.failure && <ActionError error={column.failure} />}
            <div className="flex flex-wrap gap-2">
              <Button type="button" size="sm" variant="outline" data-testid={id('run-draft')} disabled={!canRun || locked} onClick={runThisDraft}>
                <PlayIcon /> Run draft
              </Button>
              <Button type="button" size="sm" data-testid={id('save-version')} disabled={!canRun || locked} onClick={save}>
                <SaveIcon /> {column.saving ? 'Saving…' : 'Save as new version'}
              </Button>
              <Button
                type="button"
                size="sm"
                variant="ghost"
                disabled={locked}
                onClick={() => onPatch({ draft: null, detected: null, failure: null, outcome: null })}
              >
                <Undo2Icon /> Discard edits
              </Button>
            </div>
          </div>
        ) : (
          base && (
            <Button
              type="button"
              size="sm"
              variant="outline"
              data-testid={id('edit')}
              disabled={!canRun || locked}
              title={canRun ? undefined : 'Editing needs the editor role'}
              onClick={() => onPatch({ ...startEditing(base), failure: null })}
            >
              <PencilIcon /> Edit template
            </Button>
          )
        )}
        {column.notice && (
          <p className="text-xs text-success" role="status">
            {column.notice}
          </p>
        )}
        <ColumnResult index={index} outcome={column.outcome} running={column.running} />
      </CardContent>
    </Card>
  );
}
