import { getDb, type Conn } from '@/db/client';
import { listAuditEvents } from '@/db/queries/audit';
import type { VariantRow } from '@/db/queries/experiments';
import { getVersionByNumber, type PromptRow } from '@/db/queries/prompts';
import type { ModelConfig } from '@/db/schema';
import { VersoError } from '@/lib/api/errors';
import type { Actor } from '@/lib/auth/roles';
import { hasEnabledGate } from '@/lib/evals/gates';
import { pointLabel } from '@/lib/prompts/labels';
import { insertVersion } from '@/lib/prompts/registry';
import { changedModelKeys, mergeModelConfig, winnerCommitMessage } from './model-override';

/** What production serves after a winner: the variant's version, or a new one carrying its model override. */
export type Deployment = {
  label: 'production';
  version: number;
  /** The variant's own version, which the deployed one copies. */
  basedOn: number;
  /** True when the variant's model override made a new version. */
  created: boolean;
  modelConfig: ModelConfig;
};

/**
 * Inside declareWinner's transaction, with the prompt locked. A variant that changes the model
 * config was served as version + override; production can point only at a version, and versions
 * never change, so the merge becomes a new version (audited as any saved version) and production
 * moves there.
 */
export async function deployWinner(tx: Conn, actor: Actor, prompt: PromptRow, experimentKey: string, variant: Pick<VariantRow, 'key' | 'version' | 'modelConfig'>): Promise<Deployment> {
  const base = await getVersionByNumber(tx, prompt.id, variant.version);
  if (!base) throw new VersoError('not_found', `Prompt "${prompt.name}" has no version ${variant.version}.`);
  const changed = changedModelKeys(base.modelConfig, variant.modelConfig);
  let deployed = { version: base.version, modelConfig: base.modelConfig, created: false };
  if (changed.length > 0 && (await hasEnabledGate(tx, prompt.id))) {
    // The new version would be refused for having no eval run, and could never have one: say what to do instead.
    throw new VersoError(
      'conflict',
      `Variant "${variant.key}" changes the model (${changed.join(', ')}), so declaring it would deploy a new version without an eval run, which the eval gate on "${prompt.name}" keeps out of production. Save a version with that model, run the eval on it, then move production to it (or disable the gate).`,
    );
  }
  if (changed.length > 0) {
    const modelConfig = mergeModelConfig(base.modelConfig, variant.modelConfig);
    const body = base.type === 'chat' ? { type: 'chat' as const, messages: base.messages ?? [] } : { type: 'text' as const, template: base.template ?? '' };
    const view = await insertVersion(tx, actor, prompt, {
      ...body,
      variables: base.variables,
      modelConfig,
      commitMessage: winnerCommitMessage(experimentKey, variant.key, modelConfig, changed),
      labels: [],
    });
    deployed = { version: view.version, modelConfig, created: true };
  }
  await pointLabel(tx, actor, prompt, 'production', deployed.version, `winner of experiment ${experimentKey}`);
  return { label: 'production', basedOn: base.version, ...deployed };
}

/**
 * What a declared winner deployed, from its audit event (the experiment row keeps only the
 * variant's key). Events written before overrides were shipped carry only the version.
 */
export async function winnerDeployment(experimentKey: string, conn: Conn = getDb()): Promise<Pick<Deployment, 'version'> & Partial<Deployment> | null> {
  const [event] = await listAuditEvents(conn, { entityType: 'experiment', entityId: experimentKey, action: 'experiment.winner_declared' }, 1);
  const after = event?.after as { version?: unknown; deployed?: Partial<Deployment> } | null | undefined;
  if (!after || typeof after.version !== 'number') return null;
  return { ...after.deployed, version: after.version };
}
