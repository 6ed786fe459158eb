import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { pageActor } from '@/lib/auth/page';
import { DiffView } from './diff-view';
import { EditView } from './edit-view';
import { PromptOverview } from './prompt-overview';
import { resolvePromptTarget } from './target';

type Props = {
  params: Promise<{ name: string[] }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const target = await resolvePromptTarget((await params).name);
  if (!target) return { title: 'Prompt not found' };
  const what = target.view === 'edit' ? 'Edit ' : target.view === 'diff' ? 'Compare ' : '';
  return { title: `${what}${target.prompt.name}` };
}

/** /prompts/<name>, /prompts/<name>/edit?from=N and /prompts/<name>/diff?from=N&to=M (see target.ts). */
export default async function PromptPage({ params, searchParams }: Props) {
  const actor = await pageActor('viewer');
  const target = await resolvePromptTarget((await params).name);
  if (!target) notFound();
  const query = await searchParams;
  switch (target.view) {
    case 'edit':
      return <EditView prompt={target.prompt} query={query} />;
    case 'diff':
      return <DiffView prompt={target.prompt} query={query} />;
    default:
      return <PromptOverview prompt={target.prompt} query={query} actor={actor} />;
  }
}
