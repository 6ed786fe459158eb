'use client';
import { StarIcon, ThumbsDownIcon, ThumbsUpIcon } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { scoreExecutionAction } from '@/app/(console)/executions/actions';
import { Timestamp } from '@/components/console/timestamp';
import { ActionError } from '@/components/prompts/action-error';
import { Button } from '@/components/ui/button';
import { Label } from '@/components/ui/label';
import { Textarea } from '@/components/ui/textarea';
import type { ErrorBody } from '@/lib/api/errors';
import type { HumanScoreInput, HumanScoreView } from '@/lib/evals/schemas';

const unreachable: ErrorBody['error'] = { code: 'internal', message: 'The server could not be reached. Nothing was saved; try again.' };

/** A score as a person reads it: a thumb, or stars out of 5. */
export function humanScoreText(score: Pick<HumanScoreView, 'name' | 'value'>): string {
  if (score.name === 'thumbs') return score.value >= 1 ? '👍 thumbs up' : '👎 thumbs down';
  return `${'★'.repeat(Math.round(score.value))}${'☆'.repeat(Math.max(0, 5 - Math.round(score.value)))} ${score.value}/5`;
}

/** The execution's human scores: its latest thumb and its latest rating, with who gave them. */
export function HumanScoreList({ scores }: { scores: HumanScoreView[] }) {
  if (scores.length === 0) {
    return (
      <p className="text-sm text-muted-foreground" data-testid="human-scores-empty">
        Nobody has scored this execution yet.
      </p>
    );
  }
  return (
    <ul className="grid gap-2" data-testid="human-scores">
      {scores.map((s) => (
        <li key={s.name} className="rounded-md border p-2 text-sm" data-testid="human-score" data-name={s.name} data-value={s.value}>
          <span className="font-medium">{humanScoreText(s)}</span>{' '}
          <span className="text-muted-foreground">
            by {s.scoredBy}, <Timestamp iso={s.updatedAt} className="whitespace-nowrap" />
          </span>
          {s.comment && <p className="mt-1 whitespace-pre-wrap wrap-anywhere">{s.comment}</p>}
        </li>
      ))}
    </ul>
  );
}

/** Thumbs up or down, or a rating from 1 to 5, with an optional comment (editors). */
export function HumanScoreForm({ executionId }: { executionId: string }) {
  const router = useRouter();
  const [comment, setComment] = useState('');
  const [failure, setFailure] = useState<ErrorBody['error'] | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const give = (score: HumanScoreInput) =>
    startTransition(async () => {
      setSaved(null);
      const result = await scoreExecutionAction({ executionId, score: { ...score, comment: comment.trim() } }).catch(() => null);
      if (!result) return setFailure(unreachable);
      if (!result.ok) return setFailure(result.error);
      setFailure(null);
      setComment('');
      setSaved(humanScoreText(result.data));
      router.refresh();
    });

  return (
    <div className="grid gap-3" data-testid="human-score-form">
      <div className="grid gap-1.5">
        <Label htmlFor="human-score-comment">Comment (optional, saved with the score you give)</Label>
        <Textarea
          id="human-score-comment"
          rows={2}
          maxLength={2000}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          placeholder="What was good or wrong about this output?"
          data-testid="human-score-comment"
        />
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <Button type="button" variant="outline" disabled={pending} onClick={() => give({ name: 'thumbs', value: 1 })} data-testid="human-thumbs-up">
          <ThumbsUpIcon /> Good
        </Button>
        <Button type="button" variant="outline" disabled={pending} onClick={() => give({ name: 'thumbs', value: 0 })} data-testid="human-thumbs-down">
          <ThumbsDownIcon /> Bad
        </Button>
        <span className="mx-2 text-sm text-muted-foreground">or rate it</span>
        {[1, 2, 3, 4, 5].map((n) => (
          <Button
            key={n}
            type="button"
            size="sm"
            variant="outline"
            disabled={pending}
            onClick={() => give({ name: 'rating', value: n })}
            aria-label={`Rate ${n} out of 5`}
            data-testid={`human-rating-${n}`}
          >
            <StarIcon /> {n}
          </Button>
        ))}
      </div>
      <p className="text-xs text-muted-foreground" aria-live="polite" data-testid="human-score-saved">
        {pending ? 'Saving…' : saved ? `Saved: ${saved}.` : 'An execution keeps one thumb and one rating: a new one replaces the last, whoever gave it.'}
      </p>
      {failure && <ActionError error={failure} />}
    </div>
  );
}
