'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { versionNumber } from '@/lib/api/int4';
import { action } from '@/lib/auth/action';
import { checkGate, setGate } from '@/lib/evals/gates';
import { gateInput } from '@/lib/evals/schemas';
import { moveLabel as moveLabelService, rollbackLabelMove } from '@/lib/prompts/labels';
import { previewInput, previewPrompt } from '@/lib/prompts/preview';
import { createPrompt as createPromptService, createVersion } from '@/lib/prompts/registry';
import { labelName, newPromptInput, newVersionInput, promptName } from '@/lib/prompts/schemas';

// Every prompt page reads the registry, so a change refreshes the whole section.
const refreshPrompts = () => revalidatePath('/prompts', 'layout');

// Rendering costs the server time and memory: editors preview, as they are the ones who save.
export const preview = action({ input: previewInput, role: 'editor' }, async (_actor, input) =>
  previewPrompt(input.body, input.variables, input.values),
);

export const createPrompt = action({ input: newPromptInput, role: 'editor' }, async (actor, input) => {
  const version = await createPromptService(actor, input);
  refreshPrompts();
  return { name: version.name, version: version.version };
});

export const saveVersion = action(
  { input: z.object({ name: promptName, version: newVersionInput }), role: 'editor' },
  async (actor, input) => {
    const version = await createVersion(actor, input.name, input.version);
    refreshPrompts();
    return { name: version.name, version: version.version };
  },
);

export const moveLabel = action(
  {
    input: z.object({ name: promptName, label: labelName, version: versionNumber, reason: z.string().max(500).optional() }),
    role: 'editor',
  },
  async (actor, input) => {
    const moved = await moveLabelService(actor, input.name, input.label, input.version, input.reason || undefined);
    refreshPrompts();
    return moved;
  },
);

export const rollback = action({ input: z.object({ name: promptName, moveId: z.uuid() }), role: 'editor' }, async (actor, input) => {
  const moved = await rollbackLabelMove(actor, input.name, input.moveId);
  refreshPrompts();
  return moved;
});

// Release gates (issue 10): moving production needs a passing eval run on the gate's dataset.
export const setGateAction = action({ input: z.object({ name: promptName, gate: gateInput }), role: 'admin' }, async (actor, input) => {
  const gate = await setGate(actor, input.name, input.gate);
  refreshPrompts();
  return gate;
});

// Read-only: anyone who sees the prompt may ask whether a version would pass.
export const checkGateAction = action({ input: z.object({ name: promptName, version: versionNumber }), role: 'viewer' }, async (_actor, input) =>
  checkGate(input.name, input.version),
);
