import Link from 'next/link';
import { PlusIcon } from 'lucide-react';
import { ExperimentList, type ExperimentRow } from '@/components/experiments/experiment-list';
import { leadingVariant } from '@/components/experiments/leading-variant';
import { StatusFilter } from '@/components/experiments/status-filter';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent } from '@/components/ui/card';
import { pageActor } from '@/lib/auth/page';
import { hasRole } from '@/lib/auth/roles';
import { listExperiments } from '@/lib/experiments/experiments';
import { experimentResults } from '@/lib/experiments/results';
import { listExperimentsQuery } from '@/lib/experiments/schemas';

export const metadata = { title: 'Experiments' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

export default async function ExperimentsPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await pageActor('viewer');
  const canEdit = hasRole(actor, 'editor');
  const raw = first((await searchParams).status);
  const parsed = listExperimentsQuery.safeParse({ status: raw });
  const status = parsed.success ? parsed.data.status : undefined;
  const experiments = parsed.success ? await listExperiments({ status }) : [];
  const rows: ExperimentRow[] = await Promise.all(
    experiments.map(async (e) => ({
      ...e,
      // Drafts have no data; the others are read through the same analysis as their results page.
      leader: e.status === 'draft' || e.executions === 0 ? null : leadingVariant(await experimentResults(e.key)),
    })),
  );
  const running = rows.filter((r) => r.status === 'running').length;

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Experiments</h1>
          <p className="text-sm text-muted-foreground">
            A/B tests between versions of a prompt: Verso assigns each user a variant, counts the outcomes and tells you which one wins.
            {status === undefined && rows.length > 0 && ` ${running} running now.`}
          </p>
        </div>
        {canEdit && (
          <Button asChild>
            <Link href="/experiments/new" data-testid="new-experiment">
              <PlusIcon /> New experiment
            </Link>
          </Button>
        )}
      </div>

      {!parsed.success && (
        <Alert variant="destructive">
          <AlertTitle>There is no status “{raw}”</AlertTitle>
          <AlertDescription>
            An experiment is a draft, running, paused or completed.{' '}
            <Link href="/experiments" className="underline">
              Show all experiments
            </Link>
            .
          </AlertDescription>
        </Alert>
      )}

      {parsed.success && rows.length === 0 && status === undefined ? (
        <Card>
          <CardContent className="flex flex-col items-center gap-3 py-12 text-center sm:py-16" data-testid="experiments-empty">
            <p className="text-lg font-medium">No experiments yet</p>
            <p className="max-w-md text-sm text-muted-foreground">
              Pick a prompt and two or more of its versions, say what success means (a metric your application reports) and start it. Users
              stay on their variant, and the results page tells you when one version is better, with honest statistics.
            </p>
            {canEdit ? (
              <Button asChild>
                <Link href="/experiments/new">
                  <PlusIcon /> New experiment
                </Link>
              </Button>
            ) : (
              <p className="text-sm text-muted-foreground">Ask an editor or an admin to create one.</p>
            )}
          </CardContent>
        </Card>
      ) : (
        parsed.success && (
          <>
            <StatusFilter current={status} />
            {rows.length === 0 ? (
              <Card>
                <CardContent className="py-10 text-center text-sm text-muted-foreground">
                  No {status} experiments.{' '}
                  <Link href="/experiments" className="text-primary underline">
                    Show all experiments
                  </Link>
                </CardContent>
              </Card>
            ) : (
              <ExperimentList experiments={rows} now={Date.now()} />
            )}
          </>
        )
      )}
    </div>
  );
}
