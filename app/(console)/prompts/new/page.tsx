import Link from 'next/link';
import { PromptEditor } from '@/components/prompt-editor/editor';
import { pageActor } from '@/lib/auth/page';
import { hasRole } from '@/lib/auth/roles';
import { defaultModelChoice } from '@/lib/models/default-model';
import { registryOverview } from '@/lib/prompts/registry';

export const metadata = { title: 'New prompt' };

export default async function NewPromptPage() {
  const actor = await pageActor('editor');
  const [{ categories }, defaultModel] = await Promise.all([registryOverview(), defaultModelChoice()]);
  return (
    <div className="space-y-4">
      <header className="space-y-1">
        <nav aria-label="Breadcrumb" className="text-sm text-muted-foreground">
          <Link href="/prompts" className="hover:underline">
            Prompts
          </Link>{' '}
          / new
        </nav>
        <h1 className="text-2xl font-semibold tracking-tight">New prompt</h1>
        <p className="text-sm text-muted-foreground">Write the template, check the preview, and save it as version 1.</p>
      </header>
      <PromptEditor mode="create" canDeploy={hasRole(actor, 'admin')} categories={categories} defaultModel={defaultModel} />
    </div>
  );
}
