import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PromptEditor } from '@/components/prompt-editor/editor';
import { diffPath, editPath } from '@/components/prompts/paths';
import { PromptHeader } from '@/components/prompts/prompt-header';
import { Alert, AlertDescription } from '@/components/ui/alert';
import { VersoError } from '@/lib/api/errors';
import { pageActor } from '@/lib/auth/page';
import { hasRole } from '@/lib/auth/roles';
import { getVersion, type PromptSummary } from '@/lib/prompts/registry';
import { versionParam } from './target';

type Props = { prompt: PromptSummary; query: Record<string, string | string[] | undefined> };

export async function EditView({ prompt, query }: Props) {
  const actor = await pageActor('editor');
  const from = versionParam(query.from) ?? prompt.latestVersion;
  const start = await getVersion(prompt.name, { version: from }).catch((error: unknown) => {
    if (error instanceof VersoError && error.code === 'not_found') notFound();
    throw error;
  });
  const isLatest = from === prompt.latestVersion;
  return (
    <div className="space-y-4">
      <PromptHeader prompt={prompt} page="Edit" />
      <Alert>
        <AlertDescription>
          Starting from <strong>v{from}</strong>
          {isLatest ? ' (the latest version)' : `, not the latest (v${prompt.latestVersion})`}. Saving creates v{prompt.latestVersion + 1}
          {'; '}
          {isLatest ? (
            'no version is ever changed.'
          ) : (
            <>
              see{' '}
              <Link className="underline" href={diffPath(prompt.name, from, prompt.latestVersion)}>
                what changed since
              </Link>{' '}
              or{' '}
              <Link className="underline" href={editPath(prompt.name)}>
                start from the latest
              </Link>
              .
            </>
          )}
        </AlertDescription>
      </Alert>
      {/* A new key per starting version: the editor's state is its draft and must not carry over. */}
      <PromptEditor key={`${prompt.name}@${from}`} mode="version" name={prompt.name} from={start.view} canDeploy={hasRole(actor, 'admin')} />
    </div>
  );
}
