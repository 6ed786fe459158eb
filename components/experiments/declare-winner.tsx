'use client';
import { TrophyIcon } from 'lucide-react';
import { useState } from 'react';
import { declareWinnerAction } from '@/app/(console)/experiments/actions';
import { ConfirmDialog } from '@/components/console/confirm-dialog';
import { Button } from '@/components/ui/button';

type Props = {
  experimentKey: string;
  prompt: string;
  variant: { key: string; version: number; control: boolean };
  /** the version in production now, if any */
  production: number | undefined;
  recommended: boolean;
};

/** Moves production to the variant's version and completes the experiment, in one transaction, after naming both. */
export function DeclareWinnerButton({ experimentKey, prompt, variant, production, recommended }: Props) {
  const [open, setOpen] = useState(false);
  const unchanged = production === variant.version;
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
      title={`Deploy version ${variant.version} of ${prompt} to production and complete this experiment?`}
      description={
        <>
          {variant.key} wins{variant.control ? ' (the control)' : ''}.{' '}
          {unchanged
            ? `Production already serves v${variant.version}, so it stays; `
            : `Applications asking for ${prompt} get v${variant.version}${production !== undefined ? ` instead of v${production}` : ''}; `}
          the experiment stops assigning variants. Both changes are made together and recorded in the audit log. You can roll production back from the
          prompt’s label history.
        </>
      }
      confirm={{ label: `Deploy v${variant.version} and complete`, pending: 'Deploying…', testId: 'confirm-declare-winner' }}
      run={() => declareWinnerAction({ key: experimentKey, variant: variant.key })}
    />
  );
}
