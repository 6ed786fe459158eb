import Form from 'next/form';
import Link from 'next/link';
import { Button } from '@/components/ui/button';
import { Label } from '@/components/ui/label';
import { NativeSelect } from '@/components/ui/native-select';

type Props = { prompts: string[]; datasets: string[]; prompt?: string; dataset?: string };

/** A GET form: the filter lives in the URL, so a filtered list can be shared and reloaded. */
export function RunFilters({ prompts, datasets, prompt, dataset }: Props) {
  return (
    <Form action="/evals" className="flex flex-wrap items-end gap-3" data-testid="eval-filters">
      <div className="grid gap-1.5">
        <Label htmlFor="eval-filter-prompt">Prompt</Label>
        <NativeSelect id="eval-filter-prompt" name="prompt" defaultValue={prompt ?? ''} className="min-w-48" data-testid="eval-filter-prompt">
          <option value="">any prompt</option>
          {prompts.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </NativeSelect>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="eval-filter-dataset">Dataset</Label>
        <NativeSelect id="eval-filter-dataset" name="dataset" defaultValue={dataset ?? ''} className="min-w-48" data-testid="eval-filter-dataset">
          <option value="">any dataset</option>
          {datasets.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </NativeSelect>
      </div>
      <Button type="submit" variant="outline" data-testid="eval-filter-apply">
        Filter
      </Button>
      {(prompt || dataset) && (
        <Button asChild variant="ghost">
          <Link href="/evals">Clear</Link>
        </Button>
      )}
    </Form>
  );
}
