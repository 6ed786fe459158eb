'use client';
import dynamic from 'next/dynamic';
import { useState } from 'react';
import { cn } from '@/lib/ui/cn';

export type TemplateProblem = { line: number; column: number; message: string };

// Monaco touches `window` when it loads, so it is never rendered on the server.
const MonacoTemplate = dynamic(() => import('./monaco-template'), { ssr: false });

type Props = {
  /** Unique per editor on the page: Monaco keeps one model per path. */
  path: string;
  value: string;
  onChange: (value: string) => void;
  problem: TemplateProblem | null;
  ariaLabel: string;
  placeholder?: string;
  minHeight?: number;
  maxHeight?: number;
  testId?: string;
};

/**
 * A Liquid template field: Monaco once it has loaded, and until then a plain textarea holding
 * the same value, so that nobody waits for the editor to start typing.
 */
export function TemplateInput({ minHeight = 120, maxHeight = 480, testId, ...props }: Props) {
  const [ready, setReady] = useState(false);
  // Monaco reuses a model by path: a per-mount path keeps one editor's text out of the next.
  const [instance] = useState(() => Math.random().toString(36).slice(2, 10));
  return (
    <div
      className="relative overflow-hidden rounded-md border border-input bg-background focus-within:ring-1 focus-within:ring-ring"
      data-testid={testId}
      data-ready={ready ? 'true' : 'false'}
      style={ready ? undefined : { minHeight }}
    >
      <MonacoTemplate {...props} path={`${props.path.replace(/\.liquid$/, '')}-${instance}.liquid`} minHeight={minHeight} maxHeight={maxHeight} onReady={() => setReady(true)} />
      {!ready && (
        <textarea
          aria-label={props.ariaLabel}
          placeholder={props.placeholder}
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
          spellCheck={false}
          className={cn('absolute inset-0 h-full w-full resize-none bg-background p-2 pl-10 font-mono text-[13px] leading-[19px] outline-none')}
        />
      )}
    </div>
  );
}
