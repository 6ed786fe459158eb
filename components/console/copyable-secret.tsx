'use client';
import { CheckIcon, CopyIcon } from 'lucide-react';
import { useRef, useState } from 'react';
import { Button } from '@/components/ui/button';

/** A secret shown once, with a copy button that falls back to selecting it where there is no clipboard. */
export function CopyableSecret({ secret, label, testId }: { secret: string; label: string; testId: string }) {
  const ref = useRef<HTMLElement>(null);
  const [copied, setCopied] = useState<'yes' | 'select' | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('yes');
    } catch {
      // No clipboard outside a secure context (plain http on a LAN): select the text instead.
      const range = document.createRange();
      range.selectNodeContents(ref.current!);
      window.getSelection()?.removeAllRanges();
      window.getSelection()?.addRange(range);
      setCopied('select');
    }
  }

  return (
    <div className="grid gap-1">
      <div className="flex items-stretch gap-2">
        <code ref={ref} data-testid={testId} className="min-w-0 flex-1 rounded-md border bg-muted px-3 py-2 font-mono text-sm break-all select-all">
          {secret}
        </code>
        <Button type="button" variant="outline" size="icon" onClick={copy} aria-label={`Copy the ${label}`}>
          {copied === 'yes' ? <CheckIcon /> : <CopyIcon />}
        </Button>
      </div>
      <p className="text-xs text-muted-foreground" aria-live="polite">
        {copied === 'yes' ? 'Copied to the clipboard.' : copied === 'select' ? 'This browser blocks the clipboard here; it is selected, press Ctrl+C (⌘C).' : ''}
      </p>
    </div>
  );
}
