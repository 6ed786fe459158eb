import { getDb, type Conn } from '@/db/client';
import * as datasetQ from '@/db/queries/datasets';
import * as q from '@/db/queries/eval-gates';
import { getLabel, getVersionByNumber, type PromptRow } from '@/db/queries/prompts';
import { fromZodError, VersoError } from '@/lib/api/errors';
import { audit } from '@/lib/audit/audit';
import { assertRole, type Actor } from '@/lib/auth/roles';
import { findPromptOrThrow } from '@/lib/prompts/lookup';
import { compareRuns } from './comparison';
import { comparedReason, missingRunReason, type GateSubject } from './gate-reason';
import { COMPOSITE, gateInput, type GateCheck, type GateView } from './schemas';

// A gate makes `production` move only to a version that is not significantly worse than the one
// there now, on one dataset: the newest completed run of each version (its own model, the same
// dataset version) compared item by item. The check reads; labels.ts enforces it on every move
// of production except a rollback, which is an emergency.

const PRODUCTION = 'production';

export async function getGate(prompt: string): Promise<GateView | null> {
  const conn = getDb();
  const row = await q.getGateByPromptId(conn, (await findPromptOrThrow(conn, prompt)).id);
  return row ? viewOf(prompt, row) : null;
}

/** Sets (admin) the gate on a prompt's production label. */
export async function setGate(actor: Actor, prompt: string, input: { dataset: string; datasetVersion?: number | null; alpha?: number; enabled?: boolean }): Promise<GateView> {
  assertRole(actor, 'admin', 'Setting the eval gate');
  const result = gateInput.safeParse(input);
  if (!result.success) throw fromZodError(result.error);
  const parsed = result.data;
  return getDb().transaction(async (tx) => {
    const row = await findPromptOrThrow(tx, prompt, true);
    const dataset = await datasetQ.getDatasetByName(tx, parsed.dataset);
    if (!dataset) throw new VersoError('not_found', `No dataset named "${parsed.dataset}".`);
    if (parsed.datasetVersion !== null && !(await datasetQ.getVersion(tx, dataset.id, parsed.datasetVersion))) {
      throw new VersoError('not_found', `Dataset "${parsed.dataset}" has no version ${parsed.datasetVersion}.`);
    }
    const before = await q.getGateByPromptId(tx, row.id);
    await q.upsertGate(tx, { promptId: row.id, datasetId: dataset.id, datasetVersion: parsed.datasetVersion, alpha: parsed.alpha, enabled: parsed.enabled, updatedBy: actor.name, updatedAt: new Date() });
    const after = viewOf(prompt, (await q.getGateByPromptId(tx, row.id))!);
    await audit(tx, actor, 'prompt.gate_set', { type: 'prompt', id: prompt }, before ? settings(viewOf(prompt, before)) : null, settings(after));
    return after;
  });
}

/**
 * Would moving production to `version` pass the gate? Compares the latest finished runs of both versions.
 * `conn` may be an open transaction (a label move checks inside its own).
 */
export async function checkGate(prompt: string, version: number, conn: Conn = getDb()): Promise<GateCheck> {
  const row = await findPromptOrThrow(conn, prompt);
  const gate = await q.getGateByPromptId(conn, row.id);
  if (!gate) throw new VersoError('not_found', `Prompt "${prompt}" has no eval gate.`);
  return check(conn, row, gate, version);
}

/** Inside a move of production: refuses (409, the check in `details.gate`) a version the enabled gate does not pass. */
export async function assertProductionGate(tx: Conn, prompt: PromptRow, version: number): Promise<void> {
  const gate = await q.getGateByPromptId(tx, prompt.id);
  if (!gate?.enabled) return;
  const result = await check(tx, prompt, gate, version);
  if (result.pass) return;
  const { comparison: _, ...gateDetails } = result;
  throw new VersoError('conflict', `The eval gate keeps v${version} of "${prompt.name}" out of production: ${result.reason}`, { gate: gateDetails });
}

/** True when the prompt has a gate that is switched on (a rollback records that it went past it). */
export async function hasEnabledGate(conn: Conn, promptId: string): Promise<boolean> {
  return (await q.getGateByPromptId(conn, promptId))?.enabled ?? false;
}

async function check(conn: Conn, prompt: PromptRow, gate: q.GateRow, version: number): Promise<GateCheck> {
  if (!(await getVersionByNumber(conn, prompt.id, version))) throw new VersoError('not_found', `Prompt "${prompt.name}" has no version ${version}.`);
  const datasetVersion = gate.datasetVersion ?? (await datasetQ.getLatestVersion(conn, gate.datasetId))?.version;
  if (datasetVersion === undefined) throw new VersoError('not_found', `Dataset "${gate.datasetName}" has no version.`);
  const subject: GateSubject = { prompt: prompt.name, dataset: gate.datasetName, datasetVersion };
  const productionVersion = (await getLabel(conn, prompt.id, PRODUCTION))?.version ?? null;
  const runOf = (v: number) => q.getLatestGateRun(conn, { promptId: prompt.id, version: v, datasetId: gate.datasetId, datasetVersion });
  const candidate = await runOf(version);
  const base = { prompt: prompt.name, version, productionVersion, dataset: gate.datasetName, datasetVersion, candidateRunId: candidate?.id ?? null, worse: [], comparison: null };

  if (productionVersion === version) return { ...base, baselineRunId: candidate?.id ?? null, pass: true, reason: `v${version} is already in production.` };
  if (productionVersion === null) {
    return candidate
      ? { ...base, baselineRunId: null, pass: true, reason: `Nothing in production to compare with; v${version} has completed run ${candidate.id} on ${gate.datasetName} v${datasetVersion}.` }
      : { ...base, baselineRunId: null, pass: false, reason: missingRunReason(subject, [{ version, production: false }]) };
  }
  const baseline = await runOf(productionVersion);
  if (!candidate || !baseline) {
    const missing = [...(candidate ? [] : [{ version, production: false }]), ...(baseline ? [] : [{ version: productionVersion, production: true }])];
    return { ...base, baselineRunId: baseline?.id ?? null, pass: false, reason: missingRunReason(subject, missing, (baseline ?? candidate)?.id) };
  }

  const names = (run: { evaluators: unknown[] }) => run.evaluators.map((e) => (e as { name: string }).name);
  const [baselineNames, candidateNames] = [names(baseline), names(candidate)];
  const common = candidateNames.filter((n) => baselineNames.includes(n));
  const left = [...new Set([...baselineNames, ...candidateNames])].filter((n) => !common.includes(n)).sort();
  const withBaseline = { ...base, baselineRunId: baseline.id };
  if (common.length === 0) {
    return { ...withBaseline, pass: false, reason: `Runs ${baseline.id} (v${productionVersion}) and ${candidate.id} (v${version}) have no evaluator in common: run v${version} with the evaluators of run ${baseline.id}.` };
  }
  const view = await compareRuns([baseline.id, candidate.id], { alpha: gate.alpha, conn });
  const comparison = view.comparisons[0]!;
  // The composite weighs every evaluator of a run: it means the same thing only when both runs have the same ones.
  const compared = comparison.evaluators.filter((e) => common.includes(e.evaluator) || (e.evaluator === COMPOSITE && left.length === 0));
  const worse = compared.filter((e) => e.verdict === 'worse');
  return {
    ...withBaseline,
    pass: worse.length === 0,
    worse: worse.map((e) => e.evaluator),
    reason: comparedReason(subject, version, productionVersion, compared, worse, left),
    comparison,
  };
}

function viewOf(prompt: string, row: q.GateRow): GateView {
  return { prompt, dataset: row.datasetName, datasetVersion: row.datasetVersion, alpha: row.alpha, enabled: row.enabled, updatedBy: row.updatedBy, updatedAt: row.updatedAt.toISOString() };
}

const settings = ({ dataset, datasetVersion, alpha, enabled }: GateView) => ({ dataset, datasetVersion, alpha, enabled });
