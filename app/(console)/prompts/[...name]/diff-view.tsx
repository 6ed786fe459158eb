import Link from 'next/link';
import { notFound } from 'next/navigation';
import { DiffPicker } from '@/components/prompts/diff-picker';
import { diffPath, promptPath } from '@/components/prompts/paths';
import { PromptHeader } from '@/components/prompts/prompt-header';
import { Timestamp } from '@/components/console/timestamp';
import { VersionDiffView } from '@/components/prompts/version-diff';
import { Button } from '@/components/ui/button';
import { Card, CardContent } from '@/components/ui/card';
import { VersoError } from '@/lib/api/errors';
import { diffVersions } from '@/lib/prompts/diff';
import { getVersion, listVersions, type PromptSummary } from '@/lib/prompts/registry';
import type { VersionView } from '@/lib/prompts/versions';
import { versionParam } from './target';

type Props = { prompt: PromptSummary; query: Record<string, string | string[] | undefined> };

export async function DiffView({ prompt, query }: Props) {
  const to = versionParam(query.to) ?? prompt.latestVersion;
  const from = versionParam(query.from) ?? Math.max(1, to - 1);
  const [versions, a, b] = await Promise.all([listVersions(prompt.name), versionOrNotFound(prompt.name, from), versionOrNotFound(prompt.name, to)]);
  const diff = diffVersions(a, b);
  return (
    <div className="space-y-5">
      <PromptHeader prompt={prompt} page="Compare">
        <Button asChild variant="outline">
          <Link href={promptPath(prompt.name)}>Back to the prompt</Link>
        </Button>
      </PromptHeader>
      <Card>
        <CardContent className="flex flex-col gap-4 pt-4 sm:pt-6 lg:flex-row lg:items-end lg:justify-between">
          <DiffPicker name={prompt.name} versions={versions.map((v) => v.version)} from={from} to={to} />
          {from !== to && (
            <Link href={diffPath(prompt.name, to, from)} className="text-sm text-primary underline">
              Swap sides
            </Link>
          )}
        </CardContent>
      </Card>
      <div className="grid gap-3 md:grid-cols-2">
        <Summary v={a} side="From" />
        <Summary v={b} side="To" />
      </div>
      {from === to && <p className="text-sm text-muted-foreground">Both sides are v{from}: pick two different versions to see changes.</p>}
      <VersionDiffView diff={diff} />
    </div>
  );
}

function Summary({ v, side }: { v: VersionView; side: string }) {
  return (
    <div className="rounded-md border p-3 text-sm">
      <p className="font-medium">
        {side}: <span className="font-mono">v{v.version}</span>
      </p>
      <p className={v.commitMessage ? '' : 'text-muted-foreground italic'}>{v.commitMessage || 'No commit message'}</p>
      <p className="text-xs text-muted-foreground">
        by {v.createdBy}, <Timestamp iso={v.createdAt} className="whitespace-nowrap" />
      </p>
    </div>
  );
}

async function versionOrNotFound(name: string, version: number) {
  try {
    return (await getVersion(name, { version })).view;
  } catch (error) {
    if (error instanceof VersoError && error.code === 'not_found') notFound();
    throw error;
  }
}
