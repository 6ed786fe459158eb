import { getVersion, type VersionSelector } from './registry';
import { cachedServing } from './serving';
import { render, type Rendered } from './templates';
import { compiledVersion } from './versions';

export type RenderResult = { name: string; version: number } & Rendered;

export function servedVersion(name: string, selector: VersionSelector) {
  const key = selector.version !== undefined ? `v${selector.version}` : `l:${selector.label ?? 'production'}`;
  return cachedServing(name, key, () => getVersion(name, selector));
}

/** Renders a stored version with the caller's variables. */
export async function renderPrompt(name: string, selector: VersionSelector, variables: Record<string, unknown>): Promise<RenderResult> {
  const { row } = await servedVersion(name, selector);
  const rendered = await render(compiledVersion(row), row.variables, variables);
  return { name, version: row.version, ...rendered };
}
