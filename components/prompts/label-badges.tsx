import { Badge } from '@/components/ui/badge';

const order = (label: string) => (label === 'production' ? 0 : label === 'staging' ? 1 : label === 'latest' ? 3 : 2);

/** Labels as badges, production first and latest last; with `versions`, each badge names its version. */
export function LabelBadges({ labels, versions }: { labels: string[]; versions?: Record<string, number> }) {
  const sorted = [...labels].sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  if (sorted.length === 0) return null;
  return (
    <span className="inline-flex flex-wrap gap-1">
      {sorted.map((label) => (
        <Badge
          key={label}
          variant={label === 'production' ? 'success' : label === 'latest' ? 'outline' : 'secondary'}
          data-testid={`label-${label}`}
        >
          {label}
          {versions?.[label] !== undefined && <span className="ml-1 opacity-80">v{versions[label]}</span>}
        </Badge>
      ))}
    </span>
  );
}
