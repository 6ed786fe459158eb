import Link from 'next/link';
import { Playground } from '@/components/playground/playground';
import { promptPath } from '@/components/prompts/paths';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { pageActor } from '@/lib/auth/page';
import { hasRole } from '@/lib/auth/roles';
import { listModels } from '@/lib/models/catalog';
import { providerStatuses } from '@/lib/models/providers';
import { listPrompts, listVersions } from '@/lib/prompts/registry';

export const metadata = { title: 'Playground' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

/** Every prompt's name, for the picker: a registry has tens or hundreds, not millions. */
async function promptNames(): Promise<string[]> {
  const names: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await listPrompts({ limit: 200, cursor });
    names.push(...page.data.filter((p) => p.latestVersion > 0).map((p) => p.name));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return names;
}

/** /playground, ?prompt=NAME to open a prompt. Viewers may look; running and saving need the editor role. */
export default async function PlaygroundPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await pageActor('viewer');
  const wanted = first((await searchParams).prompt);
  const [prompts, models] = await Promise.all([promptNames(), listModels()]);
  const prompt = wanted && prompts.includes(wanted) ? wanted : null;
  const versions = prompt ? await listVersions(prompt) : [];
  const canRun = hasRole(actor, 'editor');

  return (
    <div className="space-y-5">
      <header className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">Playground</h1>
        <p className="max-w-3xl text-sm text-muted-foreground">
          Run versions of a prompt against different models side by side, compare output, latency, tokens and cost, and edit a template until it is
          worth saving as a new version.
          {prompt && (
            <>
              {' '}
              <Link href={promptPath(prompt)} className="text-primary underline">
                Open {prompt}
              </Link>
            </>
          )}
        </p>
      </header>
      {wanted && !prompt && (
        <Alert variant="warning">
          <AlertTitle>No prompt named “{wanted}”</AlertTitle>
          <AlertDescription>Pick one from the list below; prompt names are exact.</AlertDescription>
        </Alert>
      )}
      {!canRun && (
        <Alert>
          <AlertTitle>You can look, not run</AlertTitle>
          <AlertDescription>Calling a model costs money, so running and saving versions need the editor role; ask an admin if you need it.</AlertDescription>
        </Alert>
      )}
      {/* A new key per prompt: the columns and variables belong to one prompt and must not carry over. */}
      <Playground
        key={prompt ?? ''}
        prompts={prompts}
        prompt={prompt}
        versions={versions}
        models={models.filter((m) => m.active)}
        providers={providerStatuses()}
        canRun={canRun}
      />
    </div>
  );
}
