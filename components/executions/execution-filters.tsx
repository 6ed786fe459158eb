import Form from 'next/form';
import Link from 'next/link';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { NativeSelect } from '@/components/ui/native-select';
import type { ExecutionFilterChoices } from '@/lib/executions/browse';
import { executionSources, executionStatuses } from '@/lib/executions/browse-schemas';
import { isFiltered, type ExecutionQuery } from './execution-query';

const rangeLabels = { '1h': 'Last hour', '24h': 'Last 24 h', '7d': 'Last 7 days', all: 'All time' } as const;

// Short, to fit the select; resolve: the application called the model; run: Verso did.
const sourceLabels: Record<(typeof executionSources)[number], string> = {
  resolve: 'resolve',
  run: 'run',
  gateway: 'gateway',
  proxy: 'proxy (no prompt)',
  playground: 'playground',
  eval: 'eval run',
  sdk: 'SDK',
};

type Field = keyof Omit<ExecutionQuery, 'before'>;

function Text({ id, label, value, placeholder, list, type }: { id: Field; label: string; value?: string; placeholder?: string; list?: string; type?: string }) {
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={`execution-${id}`}>{label}</Label>
      <Input
        id={`execution-${id}`}
        name={id}
        type={type}
        min={type === 'number' ? 1 : undefined}
        defaultValue={value ?? ''}
        placeholder={placeholder}
        list={list}
        autoComplete="off"
        data-testid={`execution-filter-${id}`}
      />
    </div>
  );
}

function Choice({ id, label, any, options, value }: { id: Field; label: string; any?: string; options: [string, string][]; value?: string }) {
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={`execution-${id}`}>{label}</Label>
      <NativeSelect id={`execution-${id}`} name={id} defaultValue={value ?? ''} data-testid={`execution-filter-${id}`}>
        {any !== undefined && <option value="">{any}</option>}
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </NativeSelect>
    </div>
  );
}

function Suggestions({ id, values }: { id: string; values: string[] }) {
  return (
    <datalist id={id}>
      {values.map((v) => (
        <option key={v} value={v} />
      ))}
    </datalist>
  );
}

/** A GET form: the filters live in the URL, so a filtered view can be shared and reloaded. */
export function ExecutionFilters({ choices, query }: { choices: ExecutionFilterChoices; query: ExecutionQuery }) {
  return (
    <Form action="/executions" className="grid grid-cols-2 items-end gap-3 md:grid-cols-4 xl:grid-cols-[repeat(8,minmax(0,1fr))_auto]" data-testid="execution-filters">
      <Suggestions id="execution-prompts" values={choices.prompts} />
      <Suggestions id="execution-experiments" values={choices.experiments} />
      <Suggestions id="execution-models" values={choices.models} />
      <Text id="prompt" label="Prompt" value={query.prompt} placeholder="any prompt" list="execution-prompts" />
      <Text id="version" label="Version" value={query.version} placeholder="any" type="number" />
      <Text id="experiment" label="Experiment" value={query.experiment} placeholder="any experiment" list="execution-experiments" />
      <Text id="variant" label="Variant" value={query.variant} placeholder="any variant" />
      <Choice id="status" label="Status" any="Any status" options={executionStatuses.map((s) => [s, s])} value={query.status} />
      <Text id="model" label="Model" value={query.model} placeholder="any model" list="execution-models" />
      <Choice id="source" label="Source" any="Any source" options={executionSources.map((s) => [s, sourceLabels[s]])} value={query.source} />
      <Choice id="range" label="Time" options={Object.entries(rangeLabels)} value={query.range ?? 'all'} />
      <div className="col-span-2 flex gap-2 md:col-span-4 xl:col-span-1">
        <Button type="submit" className="flex-1 xl:flex-none" data-testid="execution-filter-submit">
          Filter
        </Button>
        {isFiltered(query) && (
          <Button asChild variant="outline" className="flex-1 xl:flex-none">
            <Link href="/executions">Clear</Link>
          </Button>
        )}
      </div>
    </Form>
  );
}
