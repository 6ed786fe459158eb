import { Badge } from '@/components/ui/badge';
import type { VersionView } from '@/lib/prompts/versions';

/** A version's template or chat messages as written (not rendered), Liquid and all. */
export function VersionBody({ version }: { version: VersionView }) {
  if (version.type === 'text') {
    return (
      <pre className="max-h-[32rem] overflow-auto rounded-md border bg-muted/40 p-3 font-mono text-xs leading-relaxed whitespace-pre-wrap break-words" data-testid="version-body">
        {version.template}
      </pre>
    );
  }
  return (
    <ol className="space-y-2" data-testid="version-body">
      {(version.messages ?? []).map((m, i) => (
        <li key={i} className="rounded-md border bg-muted/40 p-3">
          <Badge variant={m.role === 'system' ? 'secondary' : 'outline'} className="mb-1">
            {m.role}
          </Badge>
          <pre className="font-mono text-xs leading-relaxed whitespace-pre-wrap break-words">{m.content}</pre>
        </li>
      ))}
    </ol>
  );
}

/** Declared variables and model settings, compactly. */
export function VersionFacts({ version }: { version: VersionView }) {
  const m = version.modelConfig;
  const settings: [string, string][] = [];
  if (m.provider || m.model) settings.push(['model', [m.provider, m.model].filter(Boolean).join(' / ')]);
  if (m.temperature !== undefined) settings.push(['temperature', String(m.temperature)]);
  if (m.maxTokens !== undefined) settings.push(['max tokens', String(m.maxTokens)]);
  if (m.topP !== undefined) settings.push(['top p', String(m.topP)]);
  if (m.stop?.length) settings.push(['stop', m.stop.map((s) => JSON.stringify(s)).join(', ')]);
  if (m.extra && Object.keys(m.extra).length > 0) settings.push(['extra', JSON.stringify(m.extra)]);
  return (
    <div className="grid gap-4 text-sm sm:grid-cols-2">
      <div>
        <h4 className="mb-1 text-xs font-medium text-muted-foreground uppercase">Variables</h4>
        {version.variables.length === 0 ? (
          <p className="text-muted-foreground">None</p>
        ) : (
          <ul className="space-y-1">
            {version.variables.map((v) => (
              <li key={v.name} className="flex flex-wrap items-baseline gap-x-2">
                <code className="font-mono font-medium">{v.name}</code>
                <span className="text-xs text-muted-foreground">
                  {v.type}
                  {v.required ? ', required' : ', optional'}
                  {v.default !== undefined ? `, default ${JSON.stringify(v.default)}` : ''}
                </span>
                {v.description && <span className="w-full text-xs text-muted-foreground">{v.description}</span>}
              </li>
            ))}
          </ul>
        )}
      </div>
      <div>
        <h4 className="mb-1 text-xs font-medium text-muted-foreground uppercase">Model</h4>
        {settings.length === 0 ? (
          <p className="text-muted-foreground">Not set</p>
        ) : (
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5">
            {settings.map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="text-muted-foreground">{k}</dt>
                <dd className="font-mono text-xs break-all">{v}</dd>
              </div>
            ))}
          </dl>
        )}
      </div>
    </div>
  );
}
