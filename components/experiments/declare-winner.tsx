'use client';
import { TriangleAlertIcon, TrophyIcon } from 'lucide-react';
import { useState } from 'react';
import { declareWinnerAction } from '@/app/(console)/experiments/actions';
import { ConfirmDialog } from '@/components/console/confirm-dialog';
import { Button } from '@/components/ui/button';
import { overrideNote, type WinnerDeploy } from './winner-cautions';

type Props = {
  experimentKey: string;
  prompt: string;
  variant: { key: string; version: number; control: boolean };
  /** the version in production now, if any */
  production: number | undefined;
  recommended: boolean;
  /** Reasons to wait (winner-cautions.ts), shown above the confirmation; the admin may still confirm. */
  cautions: string[];
  /** Whether the variant's model override makes a new version (winner-cautions.ts). */
  deploy: WinnerDeploy;
};

/**
 * Moves production to the variant's version (or to a new version carrying its model override) and
 * completes the experiment, in one transaction, after naming both.
 */
export function DeclareWinnerButton({ experimentKey, prompt, variant, production, recommended, cautions, deploy }: Props) {
  const [open, setOpen] = useState(false);
  const unchanged = production === variant.version && !deploy.created;
  const note = overrideNote(prompt, variant, deploy);
  const shipped = deploy.created ? `a new version (v${variant.version}${deploy.model ? ` with model ${deploy.model}` : ' with its model config'})` : `v${variant.version}`;
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={setOpen}
      trigger={
        <Button variant={recommended ? 'default' : 'outline'} size="sm" data-testid={`declare-winner-${variant.key}`}>
          {recommended && <TrophyIcon />}
          Ship {variant.key} (v{variant.version})
        </Button>
      }
      title={
        deploy.created
          ? `Deploy a new version of ${prompt} (v${variant.version} with ${deploy.change}) to production and complete this experiment?`
          : `Deploy version ${variant.version} of ${prompt} to production and complete this experiment?`
      }
      description={
        <>
          {cautions.length > 0 && (
            // Inside the dialog's description paragraph: spans, not block elements.
            <span className="mb-3 block rounded-md border border-amber-500/50 bg-amber-50 p-3 text-amber-900 dark:bg-amber-950 dark:text-amber-100" role="alert" data-testid="declare-winner-caution">
              <span className="flex items-center gap-1.5 font-medium">
                <TriangleAlertIcon className="size-4" aria-hidden /> Not ready to ship
              </span>
              {cautions.map((c) => (
                <span key={c} className="mt-1 block">
                  {c}
                </span>
              ))}
            </span>
          )}
          {note && (
            <span className="mb-3 block rounded-md border p-3" data-testid="declare-winner-override">
              {note}
            </span>
          )}
          {variant.key} wins{variant.control ? ' (the control)' : ''}.{' '}
          {unchanged
            ? `Production already serves v${variant.version}, so it stays; `
            : `Applications asking for ${prompt} get ${shipped}${production !== undefined ? ` instead of v${production}` : ''}; `}
          the experiment stops assigning variants. {deploy.created ? 'The new version, the deploy and the completion are made' : 'Both changes are made'} together and recorded in the audit log. You can roll production back from the
          prompt’s label history.
        </>
      }
      confirm={{ label: deploy.created ? 'Create the version, deploy it and complete' : `Deploy v${variant.version} and complete`, pending: 'Deploying…', testId: 'confirm-declare-winner' }}
      run={() => declareWinnerAction({ key: experimentKey, variant: variant.key })}
    />
  );
}
