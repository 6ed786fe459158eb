'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { action } from '@/lib/auth/action';
import { createExperiment, declareWinner, editExperiment, transitionExperiment } from '@/lib/experiments/experiments';
import { editExperimentInput, experimentKey, newExperimentInput, winnerInput } from '@/lib/experiments/schemas';

// The list shows every experiment's status and leader, so any change refreshes the whole section.
const refreshExperiments = () => revalidatePath('/experiments', 'layout');

export const createExperimentAction = action({ input: newExperimentInput, role: 'editor' }, async (actor, input) => {
  const experiment = await createExperiment(actor, input);
  refreshExperiments();
  return { key: experiment.key };
});

export const editExperimentAction = action(
  { input: z.object({ key: experimentKey, changes: editExperimentInput }), role: 'editor' },
  async (actor, { key, changes }) => {
    const experiment = await editExperiment(actor, key, changes);
    refreshExperiments();
    return { key: experiment.key };
  },
);

export const transitionExperimentAction = action(
  { input: z.object({ key: experimentKey, transition: z.enum(['start', 'pause', 'complete']) }), role: 'admin' },
  async (actor, { key, transition }) => {
    const experiment = await transitionExperiment(actor, key, transition);
    refreshExperiments();
    return { key: experiment.key, status: experiment.status };
  },
);

export const declareWinnerAction = action({ input: winnerInput.extend({ key: experimentKey }), role: 'admin' }, async (actor, { key, variant }) => {
  const experiment = await declareWinner(actor, key, variant);
  refreshExperiments();
  // `production` moved: the prompt's pages show it.
  revalidatePath('/prompts', 'layout');
  return { key: experiment.key, winner: experiment.winner, deployed: experiment.deployed };
});
