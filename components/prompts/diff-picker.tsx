import { Button } from '@/components/ui/button';
import { Label } from '@/components/ui/label';
import { NativeSelect } from '@/components/ui/native-select';
import { diffPath } from './paths';

type Props = { name: string; versions: number[]; from?: number; to?: number };

/** Two versions to compare; a plain GET form, so it works before any JavaScript has loaded. */
export function DiffPicker({ name, versions, from, to }: Props) {
  const newest = versions[0];
  const defaultTo = to ?? newest;
  const defaultFrom = from ?? versions[1] ?? newest;
  return (
    <form action={diffPath(name)} method="get" className="flex flex-wrap items-end gap-3" data-testid="diff-picker">
      <div className="grid gap-1.5">
        <Label htmlFor="diff-from">From</Label>
        <NativeSelect id="diff-from" name="from" defaultValue={defaultFrom} className="w-28">
          {versions.map((v) => (
            <option key={v} value={v}>
              v{v}
            </option>
          ))}
        </NativeSelect>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="diff-to">To</Label>
        <NativeSelect id="diff-to" name="to" defaultValue={defaultTo} className="w-28">
          {versions.map((v) => (
            <option key={v} value={v}>
              v{v}
            </option>
          ))}
        </NativeSelect>
      </div>
      <Button type="submit" variant="outline">
        Compare
      </Button>
    </form>
  );
}
