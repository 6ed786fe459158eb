import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import type { LineChange, VersionDiff } from '@/lib/prompts/diff';
import { cn } from '@/lib/ui/cn';

type Side = { n: number; kind: LineChange['kind']; text: string } | null;
type Row = { left: Side; right: Side };

/** Lines side by side: unchanged lines face each other, a removed block faces the block that replaced it. */
function pairLines(lines: LineChange[]): Row[] {
  const rows: Row[] = [];
  let left = 0;
  let right = 0;
  let removed: Side[] = [];
  let added: Side[] = [];
  const flush = () => {
    for (let i = 0; i < Math.max(removed.length, added.length); i++) rows.push({ left: removed[i] ?? null, right: added[i] ?? null });
    removed = [];
    added = [];
  };
  for (const line of lines) {
    if (line.kind === 'removed') removed.push({ n: ++left, kind: 'removed', text: line.text });
    else if (line.kind === 'added') added.push({ n: ++right, kind: 'added', text: line.text });
    else {
      flush();
      rows.push({ left: { n: ++left, kind: 'same', text: line.text }, right: { n: ++right, kind: 'same', text: line.text } });
    }
  }
  flush();
  return rows;
}

const tone = { same: '', removed: 'bg-red-50 text-red-900', added: 'bg-green-50 text-green-900' } as const;
const mark = { same: ' ', removed: '−', added: '+' } as const;

function Cell({ side }: { side: Side }) {
  if (!side) return <div className="bg-muted/40" />;
  return (
    <div className={cn('flex min-w-0', tone[side.kind])} data-kind={side.kind}>
      <span className="w-8 shrink-0 pr-2 text-right text-muted-foreground select-none">{side.n}</span>
      <span className="w-3 shrink-0 select-none">{mark[side.kind]}</span>
      <span className="min-w-0 flex-1 whitespace-pre-wrap break-words">{side.text || ' '}</span>
    </div>
  );
}

function LineDiff({ lines, from, to }: { lines: LineChange[]; from: number; to: number }) {
  const rows = pairLines(lines);
  return (
    <div className="overflow-hidden rounded-md border font-mono text-xs leading-5">
      {/* Side by side on wider screens. */}
      <div className="hidden md:block">
        <div className="grid grid-cols-2 border-b bg-muted/60 text-muted-foreground">
          <div className="px-2 py-1">v{from}</div>
          <div className="border-l px-2 py-1">v{to}</div>
        </div>
        {rows.map((r, i) => (
          <div key={i} className="grid grid-cols-2 [&>*:last-child]:border-l">
            <Cell side={r.left} />
            <Cell side={r.right} />
          </div>
        ))}
      </div>
      {/* One column on phones: removed lines, then the lines that replace them. */}
      <div className="md:hidden">
        <div className="border-b bg-muted/60 px-2 py-1 text-muted-foreground">
          v{from} → v{to}
        </div>
        {lines.map((l, i) => (
          <div key={i} className={cn('flex px-1', tone[l.kind])}>
            <span className="w-4 shrink-0 select-none">{mark[l.kind]}</span>
            <span className="min-w-0 flex-1 whitespace-pre-wrap break-words">{l.text || ' '}</span>
          </div>
        ))}
      </div>
    </div>
  );
}

const sections = [
  { key: 'body', title: 'Template' },
  { key: 'variables', title: 'Variables' },
  { key: 'modelConfig', title: 'Model config' },
] as const;

export function VersionDiffView({ diff }: { diff: VersionDiff }) {
  return (
    <div className="space-y-4" data-testid="version-diff">
      {sections.map(({ key, title }) => (
        <Card key={key} data-testid={`diff-${key}`} data-changed={diff.changed[key]}>
          <CardHeader className="flex-row items-center gap-2 space-y-0">
            <CardTitle>{title}</CardTitle>
            <Badge variant={diff.changed[key] ? 'warning' : 'outline'}>{diff.changed[key] ? 'changed' : 'unchanged'}</Badge>
          </CardHeader>
          <CardContent>
            {diff.changed[key] || key === 'body' ? (
              <LineDiff lines={diff[key]} from={diff.from} to={diff.to} />
            ) : (
              <p className="text-sm text-muted-foreground">Identical in v{diff.from} and v{diff.to}.</p>
            )}
          </CardContent>
        </Card>
      ))}
    </div>
  );
}
