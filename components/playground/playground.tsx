'use client';
/**
 * The playground: one prompt, one to four (version, model) columns run side by side with the same
 * variables. Saved versions run like any run (recorded, traced); an edited column runs its draft
 * unrecorded and can be saved as a new version.
 *
 * Hooks for end-to-end tests: playground, playground-prompt, variable-<name>, run-playground,
 * add-column, column-<i> (0-based) with column-<i>-version, -model, -edit, -save-version,
 * -run-draft, -template (the Monaco editor of a text draft; data-ready="true" once loaded),
 * -output, -latency, -tokens, -cost, -error, -execution-link. While a column runs, -output reads
 * "Running…": wait for -latency (or -error) to know it has answered.
 */
import { PlayIcon, PlusIcon } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useMemo, useState } from 'react';
import { runPlayground } from '@/app/(console)/playground/actions';
import { draftBody } from '@/components/prompt-editor/draft';
import { ActionError } from '@/components/prompts/action-error';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Label } from '@/components/ui/label';
import { NativeSelect } from '@/components/ui/native-select';
import type { ErrorBody } from '@/lib/api/errors';
import type { ModelView } from '@/lib/models/catalog';
import type { ProviderStatus } from '@/lib/models/providers';
import type { VersionView } from '@/lib/prompts/versions';
import { MAX_COLUMNS, mergeVersions, newColumn, typedValues, variableUnion, type Column } from './columns';
import { PlaygroundColumn } from './playground-column';
import { VariableInputs } from './variable-inputs';

type Props = {
  prompts: string[];
  prompt: string | null;
  versions: VersionView[];
  models: ModelView[];
  providers: ProviderStatus[];
  canRun: boolean;
};

const grids = ['', 'grid max-w-3xl gap-4', 'grid gap-4 md:grid-cols-2', 'grid gap-4 md:grid-cols-2 xl:grid-cols-3', 'grid gap-4 md:grid-cols-2 xl:grid-cols-4'];

export function Playground(props: Props) {
  const router = useRouter();
  const [saved, setSaved] = useState<VersionView[]>([]);
  const versions = useMemo(() => mergeVersions(props.versions, saved), [props.versions, saved]);
  const [columns, setColumns] = useState<Column[]>(() => {
    const start = versions.find((v) => v.labels.includes('production')) ?? versions[0];
    return start ? [newColumn(start)] : [];
  });
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<ErrorBody['error'] | null>(null);
  const busy = columns.some((c) => c.running || c.saving);

  const specs = useMemo(
    () => variableUnion(columns.map((c) => (c.draft ? (c.detected ?? []) : (versions.find((v) => v.version === c.version)?.variables ?? [])))),
    [columns, versions],
  );
  const values = () => typedValues(specs, texts);
  const patch = (key: string) => (change: Partial<Column>) => setColumns((cs) => cs.map((c) => (c.key === key ? { ...c, ...change } : c)));

  function addColumn() {
    const last = columns.at(-1);
    const v = versions.find((x) => x.version === last?.version) ?? versions[0];
    if (v) setColumns((cs) => [...cs, { ...newColumn(v, last?.model ?? undefined), modelTouched: last?.modelTouched ?? false }]);
  }

  async function runAll() {
    setFailure(null);
    const { values: sent, error } = values();
    if (error) return setFailure({ code: 'invalid', message: error });
    const ready = columns.filter((c) => c.model);
    setColumns((cs) =>
      cs.map((c) =>
        c.model
          ? { ...c, running: true, outcome: null, notice: null }
          : { ...c, outcome: { ok: false, error: { code: 'invalid', message: 'Choose a model for this column first.' } } },
      ),
    );
    if (ready.length === 0 || !props.prompt) return;
    const settle = (outcomes: Map<string, Column['outcome']>) =>
      setColumns((cs) => cs.map((c) => (outcomes.has(c.key) ? { ...c, running: false, outcome: outcomes.get(c.key)! } : c)));
    try {
      const result = await runPlayground({
        name: props.prompt,
        variables: sent,
        columns: ready.map((c) =>
          c.draft
            ? { kind: 'draft' as const, from: c.version, body: draftBody(c.draft), model: c.model! }
            : { kind: 'version' as const, version: c.version, model: c.model! },
        ),
      });
      if (!result.ok) setFailure(result.error);
      settle(new Map(ready.map((c, i) => [c.key, result.ok ? result.data[i]! : null])));
    } catch {
      setFailure({ code: 'internal', message: 'The server could not be reached.' });
      settle(new Map(ready.map((c) => [c.key, null])));
    }
  }

  return (
    <div className="space-y-4" data-testid="playground">
      <Card>
        <CardHeader>
          <CardTitle>Prompt and variables</CardTitle>
          <CardDescription>
            The variables are filled once and sent to every column. Runs of saved versions are recorded as executions (source “playground”) and traced;
            an edited template runs as a draft and is traced only.
          </CardDescription>
        </CardHeader>
        <CardContent className="space-y-4">
          <div className="grid max-w-md gap-1">
            <Label htmlFor="playground-prompt">Prompt</Label>
            <NativeSelect
              id="playground-prompt"
              data-testid="playground-prompt"
              value={props.prompt ?? ''}
              disabled={busy}
              onChange={(e) => router.push(`/playground?prompt=${encodeURIComponent(e.target.value)}`)}
            >
              {!props.prompt && <option value="">Pick a prompt</option>}
              {props.prompts.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </NativeSelect>
          </div>
          {props.prompt && <VariableInputs specs={specs} texts={texts} onChange={(name, text) => setTexts((t) => ({ ...t, [name]: text }))} />}
          {failure && <ActionError error={failure} />}
          {props.prompt && (
            <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
              <Button type="button" data-testid="run-playground" disabled={!props.canRun || busy || columns.length === 0} onClick={runAll}>
                <PlayIcon /> {busy ? 'Running…' : columns.length > 1 ? `Run ${columns.length} columns` : 'Run'}
              </Button>
              <Button type="button" variant="outline" data-testid="add-column" disabled={busy || columns.length >= MAX_COLUMNS} onClick={addColumn}>
                <PlusIcon /> Add column
              </Button>
              <span className="text-xs text-muted-foreground">
                {props.canRun ? `Up to ${MAX_COLUMNS} columns, run in parallel. Each call costs what the provider charges.` : 'Running costs money: it needs the editor role.'}
              </span>
            </div>
          )}
        </CardContent>
      </Card>

      {props.prompt ? (
        <div className={grids[columns.length]}>
          {columns.map((c, i) => (
            <PlaygroundColumn
              key={c.key}
              index={i}
              name={props.prompt!}
              column={c}
              versions={versions}
              models={props.models}
              providers={props.providers}
              canRun={props.canRun}
              busy={busy}
              canRemove={columns.length > 1}
              texts={texts}
              values={values}
              onPatch={patch(c.key)}
              onRemove={() => setColumns((cs) => cs.filter((x) => x.key !== c.key))}
              onSaved={(v) => {
                setSaved((s) => [...s, v]);
                // The page's list of versions (and their labels) catches up in the background.
                router.refresh();
              }}
            />
          ))}
        </div>
      ) : (
        <p className="text-sm text-muted-foreground">Pick a prompt to compare its versions and models side by side.</p>
      )}
    </div>
  );
}
