'use client';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { labelName } from '@/lib/prompts/schemas';

export type LabelChoice = { production: boolean; staging: boolean; custom: string };

type Props = {
  commitMessage: string;
  onCommitMessage: (value: string) => void;
  labels: LabelChoice;
  onLabels: (value: LabelChoice) => void;
  canDeploy: boolean;
};

export function labelsToSet(choice: LabelChoice): { labels: string[]; error?: string } {
  const labels = [...(choice.production ? ['production'] : []), ...(choice.staging ? ['staging'] : [])];
  const custom = choice.custom.trim();
  if (!custom) return { labels };
  if (custom === 'latest') return { labels, error: 'The latest label always points at the newest version by itself.' };
  const check = labelName.safeParse(custom);
  if (!check.success) return { labels, error: `The label "${custom}" will not work: ${check.error.issues[0]?.message}.` };
  return { labels: [...labels, custom] };
}

/** The commit message and the labels the new version gets as it is saved. */
export function SavePanel({ commitMessage, onCommitMessage, labels, onLabels, canDeploy }: Props) {
  const customError = labelsToSet(labels).error;
  return (
    <div className="grid gap-4 md:grid-cols-[2fr_1fr]">
      <div className="grid gap-1.5">
        <Label htmlFor="commit-message">Commit message</Label>
        <Input
          id="commit-message"
          data-testid="commit-message"
          placeholder="What changed and why"
          maxLength={2000}
          value={commitMessage}
          onChange={(e) => onCommitMessage(e.target.value)}
        />
      </div>
      <fieldset className="grid gap-1.5">
        <legend className="mb-1.5 text-sm font-medium">Also point these labels at it</legend>
        <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
          <label className="flex items-center gap-1.5" title={canDeploy ? undefined : 'Only admins deploy to production'}>
            <input
              type="checkbox"
              data-testid="save-label-production"
              disabled={!canDeploy}
              checked={labels.production}
              onChange={(e) => onLabels({ ...labels, production: e.target.checked })}
            />
            production
            {!canDeploy && <span className="text-xs text-muted-foreground">(admins only)</span>}
          </label>
          <label className="flex items-center gap-1.5">
            <input
              type="checkbox"
              data-testid="save-label-staging"
              checked={labels.staging}
              onChange={(e) => onLabels({ ...labels, staging: e.target.checked })}
            />
            staging
          </label>
        </div>
        <Input
          aria-label="Another label"
          placeholder="another label, e.g. canary"
          className="h-8"
          value={labels.custom}
          aria-invalid={!!customError}
          onChange={(e) => onLabels({ ...labels, custom: e.target.value })}
        />
        {customError && <p className="text-xs text-destructive">{customError}</p>}
      </fieldset>
    </div>
  );
}
