'use client';
import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { refusalTextFromCode } from '@/lib/auth/refusal-text';

const messages: Record<string, string> = {
  CredentialsSignin: 'Wrong email or password.',
};

// A refusal by the login limits comes as a code (`RateLimited:account:8`) that says when to retry.
const messageFor = (code: string, fallback: string) => messages[code] ?? refusalTextFromCode(code) ?? fallback;

export function LoginForm({ initialError }: { initialError?: string }) {
  const router = useRouter();
  const [error, setError] = useState(initialError ? messageFor(initialError, 'Sign-in failed.') : '');
  const [pending, setPending] = useState(false);

  async function submit(form: FormData) {
    setPending(true);
    setError('');
    const result = await signIn('credentials', {
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
      redirect: false,
    });
    setPending(false);
    if (result?.ok && !result.error) {
      router.replace('/prompts');
      router.refresh();
    } else setError(messageFor(result?.error ?? '', 'Wrong email or password.'));
  }

  return (
    <Card className="w-full max-w-sm">
      <CardHeader>
        <CardTitle className="text-2xl">Verso</CardTitle>
        <CardDescription>Sign in to manage prompts and experiments.</CardDescription>
      </CardHeader>
      <CardContent>
        <form action={submit} className="grid gap-4">
          <div className="grid gap-2">
            <Label htmlFor="email">Email</Label>
            <Input id="email" name="email" type="email" autoComplete="username" required autoFocus />
          </div>
          <div className="grid gap-2">
            <Label htmlFor="password">Password</Label>
            <Input id="password" name="password" type="password" autoComplete="current-password" required />
          </div>
          {error && <Alert variant="destructive">{error}</Alert>}
          <Button type="submit" disabled={pending}>
            {pending ? 'Signing in…' : 'Sign in'}
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}
