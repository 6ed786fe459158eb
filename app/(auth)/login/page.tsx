import { redirect } from 'next/navigation';
import { LoginForm } from '@/components/console/login-form';
import { sessionActor } from '@/lib/auth/session';

export const metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ error?: string; callbackUrl?: string }> }) {
  if (await sessionActor()) redirect('/prompts');
  const { error } = await searchParams;
  return (
    <main className="flex min-h-screen items-center justify-center bg-muted/40 p-4">
      <LoginForm initialError={error} />
    </main>
  );
}
