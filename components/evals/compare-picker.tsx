'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Label } from '@/components/ui/label';
import { NativeSelect } from '@/components/ui/native-select';
import { comparePath } from './paths';

type Other = { id: string; title: string };

/** Compares this run (the baseline) with another run on the same dataset version. */
export function ComparePicker({ id, others }: { id: string; others: Other[] }) {
  const router = useRouter();
  const [other, setOther] = useState(others[0]?.id ?? '');
  if (others.length === 0) {
    return (
      <p className="text-sm text-muted-foreground" data-testid="eval-compare-none">
        No other run on this dataset version has scored items yet: start one with another version or model to compare.
      </p>
    );
  }
  return (
    <div className="flex flex-wrap items-end gap-2" data-testid="eval-compare-picker">
      <div className="grid min-w-64 gap-1.5">
        <Label htmlFor="eval-compare-with">Compare with…</Label>
        <NativeSelect id="eval-compare-with" value={other} onChange={(e) => setOther(e.target.value)} data-testid="eval-compare-with">
          {others.map((o) => (
            <option key={o.id} value={o.id}>
              {o.title}
            </option>
          ))}
        </NativeSelect>
      </div>
      <Button variant="outline" disabled={!other} onClick={() => router.push(comparePath([id, other]))} data-testid="eval-compare-go">
        Compare
      </Button>
    </div>
  );
}
