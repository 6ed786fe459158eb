import Link from 'next/link';
import { FlaskConicalIcon, PencilIcon } from 'lucide-react';
import { DiffPicker } from '@/components/prompts/diff-picker';
import { LabelBadges } from '@/components/prompts/label-badges';
import { LabelMoves } from '@/components/prompts/label-moves';
import { editPath } from '@/components/prompts/paths';
import { PromptHeader } from '@/components/prompts/prompt-header';
import { ReleaseGate } from '@/components/prompts/release-gate';
import { Timestamp } from '@/components/console/timestamp';
import { VersionBody, VersionFacts } from '@/components/prompts/version-body';
import { VersionHistory } from '@/components/prompts/version-history';
import { VersionPerformance } from '@/components/prompts/version-performance';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { hasRole, type Actor } from '@/lib/auth/roles';
import { listDatasets } from '@/lib/datasets/datasets';
import { getGate } from '@/lib/evals/gates';
import { versionPerformance } from '@/lib/executions/performance';
import { labelHistory } from '@/lib/prompts/labels';
import { getVersion, listVersions, type PromptSummary } from '@/lib/prompts/registry';
import { versionParam } from './target';

type Props = { prompt: PromptSummary; query: Record<string, string | string[] | undefined>; actor: Actor };

export async function PromptOverview({ prompt, query, actor }: Props) {
  const deployed = prompt.labels.production;
  const [versions, moves, shown, performance, gate, datasets] = await Promise.all([
    listVersions(prompt.name),
    labelHistory(prompt.name),
    getVersion(prompt.name, deployed !== undefined ? { label: 'production' } : { label: 'latest' }),
    versionPerformance(prompt.name),
    getGate(prompt.name),
    listDatasets(),
  ]);
  const canEdit = hasRole(actor, 'editor');
  const canDeploy = hasRole(actor, 'admin');
  const saved = versionParam(query.saved);
  const v = shown.view;

  return (
    <div className="space-y-6">
      <PromptHeader prompt={prompt}>
        <Button asChild variant="outline">
          <Link href={`/playground?prompt=${encodeURIComponent(prompt.name)}`} data-testid="open-in-playground">
            <FlaskConicalIcon /> Open in playground
          </Link>
        </Button>
        {canEdit && (
          <Button asChild>
            <Link href={editPath(prompt.name)} data-testid="edit-prompt">
              <PencilIcon /> Edit
            </Link>
          </Button>
        )}
      </PromptHeader>

      {saved !== undefined && versions.some((x) => x.version === saved) && (
        <Alert variant="success" data-testid="saved-version">
          <AlertTitle>Saved version {saved}</AlertTitle>
          <AlertDescription>
            {prompt.labels.production === saved
              ? 'It is in production now.'
              : canDeploy
                ? 'It is not in production yet: promote it from the version history below when it is ready.'
                : 'It is not in production yet: an admin promotes it when it is ready.'}
          </AlertDescription>
        </Alert>
      )}

      <Card data-testid="deployed-version">
        <CardHeader>
          <div className="flex flex-wrap items-center gap-2">
            <CardTitle>{deployed !== undefined ? `In production: v${v.version}` : 'Not deployed yet'}</CardTitle>
            <LabelBadges labels={v.labels} />
          </div>
          <CardDescription>
            {deployed !== undefined
              ? 'What applications get when they ask for this prompt without a label.'
              : `No version has the production label, so applications asking for it get a 404. Showing the latest version, v${v.version}.`}{' '}
            {v.commitMessage && <span className="italic">“{v.commitMessage}”</span>} by {v.createdBy}, <Timestamp iso={v.createdAt} className="whitespace-nowrap" />.
          </CardDescription>
        </CardHeader>
        <CardContent className="space-y-4">
          <VersionBody version={v} />
          <VersionFacts version={v} />
        </CardContent>
      </Card>

      <VersionPerformance rows={performance} labels={prompt.labels} />

      <ReleaseGate
        name={prompt.name}
        gate={gate}
        datasets={datasets.map((d) => ({ name: d.name, latestVersion: d.latestVersion }))}
        versions={versions.map((x) => x.version)}
        canAdmin={canDeploy}
      />

      <section className="space-y-3" aria-labelledby="history-title">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <h2 id="history-title" className="text-lg font-semibold">
            Versions <span className="text-sm font-normal text-muted-foreground">({versions.length})</span>
          </h2>
          {versions.length > 1 && <DiffPicker name={prompt.name} versions={versions.map((x) => x.version)} />}
        </div>
        <VersionHistory name={prompt.name} versions={versions} labels={prompt.labels} canEdit={canEdit} canDeploy={canDeploy} saved={saved} />
      </section>

      <section className="space-y-3" aria-labelledby="moves-title">
        <div>
          <h2 id="moves-title" className="text-lg font-semibold">
            Label history
          </h2>
          <p className="text-sm text-muted-foreground">
            Every deploy and label change, newest first. Rolling back moves the label to where it was before that move.
          </p>
        </div>
        <LabelMoves name={prompt.name} moves={moves} labels={prompt.labels} canEdit={canEdit} canDeploy={canDeploy} />
      </section>
    </div>
  );
}
