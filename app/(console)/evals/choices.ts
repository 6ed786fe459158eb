import { listDatasets } from '@/lib/datasets/datasets';
import { listPrompts } from '@/lib/prompts/registry';

export type PromptChoice = { name: string; latestVersion: number; labels: Record<string, number> };
export type DatasetChoice = { name: string; latestVersion: number; itemCount: number };

/** Every prompt with a version, for pickers: a registry has tens or hundreds, not millions. */
export async function promptChoices(): Promise<PromptChoice[]> {
  const choices: PromptChoice[] = [];
  let cursor: string | undefined;
  do {
    const page = await listPrompts({ limit: 200, cursor });
    choices.push(...page.data.filter((p) => p.latestVersion > 0).map((p) => ({ name: p.name, latestVersion: p.latestVersion, labels: p.labels })));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return choices;
}

export async function datasetChoices(): Promise<DatasetChoice[]> {
  return (await listDatasets()).map((d) => ({ name: d.name, latestVersion: d.latestVersion, itemCount: d.itemCount }));
}
