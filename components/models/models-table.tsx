import { Badge } from '@/components/ui/badge';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { formatPrice } from '@/components/console/usd';
import type { ModelView } from '@/lib/models/catalog';
import type { ProviderStatus } from '@/lib/models/providers';
import { cn } from '@/lib/ui/cn';
import { EditModelDialog } from './edit-model-dialog';
import { modelTestId, type ChangeModel } from './model-actions';
import { ModelActiveToggle } from './model-active-toggle';

const tokens = new Intl.NumberFormat('en-US');
const COLUMNS = 7;

/** The catalog, one group per provider in the providers' order, each group's models by id. */
export function ModelsTable({ models, providers, changeModel }: { models: ModelView[]; providers: ProviderStatus[]; changeModel: ChangeModel }) {
  const groups = providers.map((p) => ({ provider: p, models: models.filter((m) => m.provider === p.id) })).filter((g) => g.models.length > 0);
  return (
    <Table data-testid="models-table">
      <TableHeader>
        <TableRow>
          <TableHead>Model</TableHead>
          <TableHead className="text-right">
            In<span className="hidden sm:inline">put</span> / 1M
          </TableHead>
          <TableHead className="text-right">
            Out<span className="hidden sm:inline">put</span> / 1M
          </TableHead>
          <TableHead className="hidden text-right md:table-cell">Context</TableHead>
          <TableHead className="hidden lg:table-cell">Price source</TableHead>
          <TableHead>Active</TableHead>
          <TableHead>
            <span className="sr-only">Edit</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      {groups.map(({ provider, models: rows }) => (
        <TableBody key={provider.id} data-testid={`model-group-${provider.id}`}>
          <TableRow className="bg-muted/50 hover:bg-muted/50">
            <TableCell colSpan={COLUMNS} className="py-1.5">
              <span className="text-sm font-semibold">{provider.label}</span>
              <span className="ml-2 text-xs text-muted-foreground">
                {rows.length} model{rows.length === 1 ? '' : 's'}
                {!provider.configured && ` · not configured (${provider.variable})`}
              </span>
            </TableCell>
          </TableRow>
          {rows.map((m) => (
            <TableRow key={m.id} data-testid={`model-row-${modelTestId(m)}`} data-active={m.active} className={cn(!m.active && 'text-muted-foreground')}>
              <TableCell className="min-w-36 align-top">
                <div className="font-medium wrap-anywhere">
                  {m.displayName}
                  {m.custom && (
                    <Badge variant="secondary" className="ml-2 align-middle">
                      custom
                    </Badge>
                  )}
                </div>
                <div className="font-mono text-xs text-muted-foreground wrap-anywhere">{m.model}</div>
                <div className="mt-0.5 text-xs text-muted-foreground md:hidden">
                  {m.contextWindow ? `${tokens.format(m.contextWindow)} tokens` : ''}
                </div>
                {m.priceSource && <div className="mt-0.5 hidden text-xs text-muted-foreground sm:block lg:hidden">{m.priceSource}</div>}
              </TableCell>
              <TableCell className="text-right align-top text-xs tabular-nums sm:text-sm" title={`${m.inputPerMillion} USD per million input tokens`}>
                {formatPrice(m.inputPerMillion)}
              </TableCell>
              <TableCell className="text-right align-top text-xs tabular-nums sm:text-sm" title={`${m.outputPerMillion} USD per million output tokens`}>
                {formatPrice(m.outputPerMillion)}
              </TableCell>
              <TableCell className="hidden text-right align-top text-xs tabular-nums md:table-cell">
                {m.contextWindow ? tokens.format(m.contextWindow) : '—'}
              </TableCell>
              <TableCell className="hidden max-w-64 align-top text-xs text-muted-foreground lg:table-cell">{m.priceSource || '—'}</TableCell>
              <TableCell className="align-top">
                <ModelActiveToggle model={m} changeModel={changeModel} />
              </TableCell>
              <TableCell className="text-right align-top">
                <EditModelDialog model={m} changeModel={changeModel} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      ))}
    </Table>
  );
}
