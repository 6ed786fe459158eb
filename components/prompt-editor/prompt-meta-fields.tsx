'use client';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Textarea } from '@/components/ui/textarea';
import { promptName } from '@/lib/prompts/schemas';

export type PromptMeta = { name: string; description: string; category: string; tags: string };

type Props = { value: PromptMeta; onChange: (value: PromptMeta) => void; categories: string[] };

export const tagsOf = (text: string) => [...new Set(text.split(',').map((t) => t.trim()).filter(Boolean))];

/** Name, description, category and tags of a new prompt; the name cannot change later, so its rules are shown up front. */
export function PromptMetaFields({ value, onChange, categories }: Props) {
  const nameCheck = value.name ? promptName.safeParse(value.name) : null;
  const nameError = nameCheck && !nameCheck.success ? nameCheck.error.issues[0]?.message : null;
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <div className="grid gap-1.5">
        <Label htmlFor="prompt-name">Name</Label>
        <Input
          id="prompt-name"
          data-testid="new-prompt-name"
          required
          autoComplete="off"
          spellCheck={false}
          className="font-mono"
          placeholder="support/reply"
          value={value.name}
          aria-invalid={!!nameError}
          aria-describedby="prompt-name-rules"
          onChange={(e) => onChange({ ...value, name: e.target.value })}
        />
        <p id="prompt-name-rules" className={nameError ? 'text-xs text-destructive' : 'text-xs text-muted-foreground'}>
          {nameError
            ? `This name will not work: ${nameError}.`
            : 'Lowercase letters, digits, - and _; use / for folders (support/reply). Up to 128 characters. Applications fetch the prompt by this name, and it cannot be changed later.'}
        </p>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="prompt-category">Category</Label>
        <Input
          id="prompt-category"
          list="prompt-categories"
          placeholder="support"
          value={value.category}
          onChange={(e) => onChange({ ...value, category: e.target.value })}
        />
        <datalist id="prompt-categories">
          {categories.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="prompt-description">Description</Label>
        <Textarea
          id="prompt-description"
          placeholder="What the prompt is for, where the application uses it."
          value={value.description}
          onChange={(e) => onChange({ ...value, description: e.target.value })}
        />
      </div>
      <div className="grid content-start gap-1.5">
        <Label htmlFor="prompt-tags">Tags</Label>
        <Input
          id="prompt-tags"
          placeholder="customer-facing, email"
          value={value.tags}
          onChange={(e) => onChange({ ...value, tags: e.target.value })}
        />
        <p className="text-xs text-muted-foreground">Separated by commas.</p>
      </div>
    </div>
  );
}
