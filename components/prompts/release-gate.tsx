'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { checkGateAction, setGateAction } from '@/app/(console)/prompts/actions';
import { describeFailure } from '@/components/console/action-failure';
import { FieldError, TextField } from '@/components/console/form-field';
import { Timestamp } from '@/components/console/timestamp';
import { comparePath } from '@/components/evals/paths';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Label } from '@/components/ui/label';
import { NativeSelect } from '@/components/ui/native-select';
import type { ErrorBody } from '@/lib/api/errors';
import type { GateCheck, GateView } from '@/lib/evals/schemas';
import { ActionError } from './action-error';

type Props = {
  name: string;
  gate: GateView | null;
  datasets: { name: string; latestVersion: number }[];
  /** The prompt's version numbers, newest first. */
  versions: number[];
  canAdmin: boolean;
};

const unreachable: ErrorBody['error'] = { code: 'internal', message: 'The server could not be reached. Nothing was changed; try again.' };

/**
 * The prompt's release gate: which dataset a version must pass before it may become production,
 * an admin's form to set it, and a check of any version against it.
 */
export function ReleaseGate({ name, gate, datasets, versions, canAdmin }: Props) {
  const [editing, setEditing] = useState(false);
  return (
    <Card data-testid="release-gate" data-enabled={gate ? String(gate.enabled) : undefined}>
      <CardHeader>
        <div className="flex flex-wrap items-center justify-between gap-2">
          <CardTitle>Release gate</CardTitle>
          {canAdmin && !editing && (
            <Button size="sm" variant="outline" onClick={() => setEditing(true)} data-testid="gate-edit">
              {gate ? 'Change the gate' : 'Set a gate'}
            </Button>
          )}
        </div>
        <CardDescription>
          With a gate, production only moves to a version whose latest finished eval run on the gate’s dataset is not worse than production’s on any
          evaluator (a paired test at the gate’s α).
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <p className="text-sm" data-testid="gate-current">
          {gate ? (
            <>
              <Badge variant={gate.enabled ? 'success' : 'secondary'}>{gate.enabled ? 'on' : 'off'}</Badge> Dataset{' '}
              <span className="font-mono">{gate.dataset}</span> at {gate.datasetVersion === null ? 'its latest version' : `v${gate.datasetVersion}`}, α ={' '}
              {gate.alpha}.{' '}
              <span className="text-muted-foreground">
                Set by {gate.updatedBy}, <Timestamp iso={gate.updatedAt} className="whitespace-nowrap" />.
              </span>
            </>
          ) : (
            <span className="text-muted-foreground">No gate: production moves without an eval check.</span>
          )}
        </p>
        {editing && <GateForm name={name} gate={gate} datasets={datasets} onDone={() => setEditing(false)} />}
        {gate && versions.length > 0 && <GateChecker name={name} versions={versions} />}
      </CardContent>
    </Card>
  );
}

function GateForm({ name, gate, datasets, onDone }: { name: string; gate: GateView | null; datasets: Props['datasets']; onDone: () => void }) {
  const router = useRouter();
  const [dataset, setDataset] = useState(gate?.dataset ?? datasets[0]?.name ?? '');
  const [version, setVersion] = useState(gate?.datasetVersion ? String(gate.datasetVersion) : '');
  const [alpha, setAlpha] = useState(String(gate?.alpha ?? 0.05));
  const [enabled, setEnabled] = useState(gate?.enabled ?? true);
  const [failure, setFailure] = useState<ErrorBody['error'] | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [pending, startTransition] = useTransition();
  const chosen = datasets.find((d) => d.name === dataset);

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const a = Number(alpha);
    if (alpha.trim() === '' || !Number.isFinite(a)) {
      setFields({ 'gate.alpha': 'A number between 0 and 0.5, e.g. 0.05.' });
      return;
    }
    startTransition(async () => {
      const gateInput = { dataset, datasetVersion: version ? Number(version) : null, alpha: a, enabled };
      const result = await setGateAction({ name, gate: gateInput }).catch(() => null);
      if (!result) return setFailure(unreachable);
      if (!result.ok) {
        setFields(describeFailure(result).fields);
        return setFailure(result.error);
      }
      setFailure(null);
      setFields({});
      onDone();
      router.refresh();
    });
  }

  if (datasets.length === 0) {
    return (
      <p className="text-sm text-muted-foreground">
        A gate needs a dataset: <Link href="/datasets/new" className="underline">create one</Link> first.
      </p>
    );
  }
  return (
    <form onSubmit={submit} className="grid gap-3 rounded-lg border p-3 sm:grid-cols-2" data-testid="gate-form" noValidate>
      <div className="grid content-start gap-1.5">
        <Label htmlFor="gate-dataset">Dataset</Label>
        <NativeSelect
          id="gate-dataset"
          value={dataset}
          onChange={(e) => {
            setDataset(e.target.value);
            setVersion('');
          }}
          data-testid="gate-dataset"
        >
          {datasets.map((d) => (
            <option key={d.name} value={d.name}>
              {d.name}
            </option>
          ))}
        </NativeSelect>
        <FieldError message={fields['gate.dataset']} />
      </div>
      <div className="grid content-start gap-1.5">
        <Label htmlFor="gate-dataset-version">Dataset version</Label>
        <NativeSelect id="gate-dataset-version" value={version} onChange={(e) => setVersion(e.target.value)} data-testid="gate-dataset-version">
          <option value="">always the latest</option>
          {chosen &&
            Array.from({ length: chosen.latestVersion }, (_, i) => chosen.latestVersion - i).map((v) => (
              <option key={v} value={v}>
                v{v}
              </option>
            ))}
        </NativeSelect>
        <FieldError message={fields['gate.datasetVersion']} />
      </div>
      <TextField
        id="gate-alpha"
        label="α (significance level)"
        inputMode="decimal"
        value={alpha}
        error={fields['gate.alpha']}
        hint="A version is refused when it is worse at this level."
        onChange={(e) => setAlpha(e.target.value)}
        data-testid="gate-alpha"
      />
      <label className="flex items-center gap-2 self-center text-sm">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} data-testid="gate-enabled" />
        Enforce the gate
      </label>
      {failure && <ActionError error={failure} className="sm:col-span-2" />}
      <div className="flex gap-2 sm:col-span-2">
        <Button type="submit" disabled={pending || !dataset} data-testid="gate-save">
          {pending ? 'Saving…' : 'Save the gate'}
        </Button>
        <Button type="button" variant="ghost" disabled={pending} onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

function GateChecker({ name, versions }: { name: string; versions: number[] }) {
  const [version, setVersion] = useState(String(versions[0]));
  const [check, setCheck] = useState<GateCheck | null>(null);
  const [failure, setFailure] = useState<ErrorBody['error'] | null>(null);
  const [pending, startTransition] = useTransition();

  const run = () =>
    startTransition(async () => {
      const result = await checkGateAction({ name, version: Number(version) }).catch(() => null);
      if (!result) return setFailure(unreachable);
      if (!result.ok) {
        setCheck(null);
        return setFailure(result.error);
      }
      setFailure(null);
      setCheck(result.data);
    });

  return (
    <div className="grid gap-3" data-testid="gate-checker">
      <div className="flex flex-wrap items-end gap-2">
        <div className="grid gap-1.5">
          <Label htmlFor="gate-check-version">Check a version</Label>
          <NativeSelect id="gate-check-version" value={version} onChange={(e) => setVersion(e.target.value)} className="w-32" data-testid="gate-check-version">
            {versions.map((v) => (
              <option key={v} value={v}>
                v{v}
              </option>
            ))}
          </NativeSelect>
        </div>
        <Button variant="outline" onClick={run} disabled={pending} data-testid="gate-check">
          {pending ? 'Checking…' : 'Would it pass?'}
        </Button>
      </div>
      {failure && <ActionError error={failure} />}
      {check && (
        <Alert variant={check.pass ? 'success' : 'destructive'} data-testid="gate-check-result" data-pass={String(check.pass)}>
          <AlertTitle>
            v{check.version} {check.pass ? 'passes' : 'does not pass'} the gate
          </AlertTitle>
          <AlertDescription>
            <p>{check.reason}</p>
            {check.baselineRunId && check.candidateRunId && (
              <p>
                <Link href={comparePath([check.baselineRunId, check.candidateRunId])} className="underline">
                  See the comparison
                </Link>
              </p>
            )}
          </AlertDescription>
        </Alert>
      )}
    </div>
  );
}
