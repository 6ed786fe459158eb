import { pageActor } from '@/lib/auth/page';
import { listPrompts } from '@/lib/prompts/registry';

export const metadata = { title: 'Prompts' };

export default async function PromptsPage() {
  await pageActor('viewer');
  const { data } = await listPrompts({ limit: 50 });
  return (
    <ul>
      {data.map((p) => (
        <li key={p.name}>{p.name}</li>
      ))}
    </ul>
  );
}
