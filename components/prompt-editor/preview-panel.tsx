'use client';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import type { LivePreview } from './use-live-preview';

/** The draft as an application would receive it, or what stops it from rendering. */
export function PreviewPanel({ live }: { live: LivePreview }) {
  const { preview, failure, pending } = live;
  const state = pending ? 'pending' : failure || preview?.problem ? 'error' : 'ok';
  return (
    <div data-testid="preview" data-state={state} aria-live="polite" aria-busy={pending} className="space-y-2">
      <div className="flex items-center justify-between">
        <h3 className="text-sm font-medium">Preview</h3>
        <span className="text-xs text-muted-foreground">{pending ? 'Updating…' : 'Rendered on the server'}</span>
      </div>
      {failure && (
        <Alert variant="destructive">
          <AlertTitle>The preview is not available</AlertTitle>
          <AlertDescription>{failure.message}</AlertDescription>
        </Alert>
      )}
      {!failure && preview?.problem && (
        <Alert variant={preview.problem.code === 'missing_variables' ? 'warning' : 'destructive'} data-testid="preview-problem">
          <AlertTitle>
            {preview.problem.code === 'missing_variables'
              ? 'Fill in the sample values to see the preview'
              : preview.problem.line !== undefined
                ? `Template error${preview.problem.messageIndex !== undefined ? ` in message ${preview.problem.messageIndex + 1}` : ''}, line ${preview.problem.line}, column ${preview.problem.column}`
                : 'The template does not render'}
          </AlertTitle>
          <AlertDescription>
            {preview.problem.missing ? (
              <span className="flex flex-wrap items-center gap-1">
                Missing: {preview.problem.missing.map((name) => <Badge key={name} variant="outline" className="font-mono">{name}</Badge>)}
              </span>
            ) : (
              preview.problem.message
            )}
          </AlertDescription>
        </Alert>
      )}
      {!failure && preview?.rendered?.type === 'text' && (
        <pre className="max-h-[28rem] overflow-auto rounded-md border bg-muted/40 p-3 font-mono text-xs leading-relaxed whitespace-pre-wrap break-words" data-testid="preview-text">
          {preview.rendered.text || <span className="text-muted-foreground">(renders to nothing)</span>}
        </pre>
      )}
      {!failure && preview?.rendered?.type === 'chat' && (
        <ol className="max-h-[28rem] space-y-2 overflow-auto" data-testid="preview-messages">
          {preview.rendered.messages.map((m, i) => (
            <li key={i} className="rounded-md border bg-muted/40 p-3">
              <Badge variant={m.role === 'system' ? 'secondary' : 'outline'} className="mb-1">
                {m.role}
              </Badge>
              <pre className="font-mono text-xs leading-relaxed whitespace-pre-wrap break-words">{m.content}</pre>
            </li>
          ))}
        </ol>
      )}
      {!preview && !failure && <p className="text-sm text-muted-foreground">Rendering…</p>}
    </div>
  );
}
