'use client';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { NativeSelect } from '@/components/ui/native-select';

type Props = { categories: string[]; tags: string[] };

const KNOWN_LABELS = ['production', 'staging'];

/** The list's filters live in the query string, so a filtered list can be shared and reloaded. */
export function PromptFilters({ categories, tags }: Props) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [pending, startTransition] = useTransition();
  const [q, setQ] = useState(params.get('q') ?? '');
  const [label, setLabel] = useState(params.get('label') ?? '');

  function go(changes: Record<string, string>) {
    const next = new URLSearchParams(params.toString());
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    // A new filter starts again from the first page.
    next.delete('cursor');
    const s = next.toString();
    startTransition(() => router.push(s ? `${pathname}?${s}` : pathname));
  }

  const filtered = ['q', 'category', 'tag', 'label'].some((k) => params.get(k));

  return (
    <form
      role="search"
      className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[2fr_1fr_1fr_1fr_auto] lg:items-end"
      onSubmit={(e) => {
        e.preventDefault();
        go({ q: q.trim(), label: label.trim() });
      }}
      aria-busy={pending}
    >
      <div className="grid gap-1.5 sm:col-span-2 lg:col-span-1">
        <Label htmlFor="prompt-search">Search</Label>
        <Input id="prompt-search" name="q" type="search" placeholder="Name or description" value={q} onChange={(e) => setQ(e.target.value)} />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="prompt-category">Category</Label>
        <NativeSelect id="prompt-category" value={params.get('category') ?? ''} onChange={(e) => go({ category: e.target.value })}>
          <option value="">All categories</option>
          {categories.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </NativeSelect>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="prompt-tag">Tag</Label>
        <NativeSelect id="prompt-tag" value={params.get('tag') ?? ''} onChange={(e) => go({ tag: e.target.value })}>
          <option value="">All tags</option>
          {tags.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </NativeSelect>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="prompt-label">Label</Label>
        <Input
          id="prompt-label"
          list="prompt-label-options"
          placeholder="Any label"
          value={label}
          onChange={(e) => setLabel(e.target.value)}
          onBlur={() => label.trim() !== (params.get('label') ?? '') && go({ label: label.trim() })}
        />
        <datalist id="prompt-label-options">
          {KNOWN_LABELS.map((l) => (
            <option key={l} value={l} />
          ))}
        </datalist>
      </div>
      <div className="flex gap-2">
        <Button type="submit" disabled={pending}>
          Search
        </Button>
        {filtered && (
          <Button
            type="button"
            variant="ghost"
            onClick={() => {
              setQ('');
              setLabel('');
              startTransition(() => router.push(pathname));
            }}
          >
            Clear
          </Button>
        )}
      </div>
    </form>
  );
}
