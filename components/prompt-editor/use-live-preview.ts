'use client';
import { useEffect, useRef, useState } from 'react';
import { preview as previewAction } from '@/app/(console)/prompts/actions';
import type { ErrorBody } from '@/lib/api/errors';
import type { Preview, PreviewInput } from '@/lib/prompts/preview';

export type LivePreview = {
  preview: Preview | null;
  /** The action itself failed (signed out, server down), as opposed to the template having a problem. */
  failure: ErrorBody['error'] | null;
  pending: boolean;
};

/** Renders the draft on the server a moment after the last keystroke; late answers to old drafts are dropped. */
export function useLivePreview(input: PreviewInput, delayMs = 300): LivePreview {
  const [state, setState] = useState<LivePreview>({ preview: null, failure: null, pending: true });
  const latest = useRef(0);
  const key = JSON.stringify(input);

  useEffect(() => {
    const request = ++latest.current;
    setState((s) => (s.pending ? s : { ...s, pending: true }));
    const timer = setTimeout(async () => {
      let next: LivePreview;
      try {
        const result = await previewAction(JSON.parse(key) as PreviewInput);
        next = result.ok
          ? { preview: result.data, failure: null, pending: false }
          : { preview: null, failure: result.error, pending: false };
      } catch {
        next = { preview: null, failure: { code: 'internal', message: 'The preview could not reach the server.' }, pending: false };
      }
      if (request === latest.current) setState((s) => ({ ...next, preview: next.preview ?? (next.failure ? s.preview : null) }));
    }, delayMs);
    return () => clearTimeout(timer);
  }, [key, delayMs]);

  return state;
}
