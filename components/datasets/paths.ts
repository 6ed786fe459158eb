// A dataset name is one URL segment (no folders, unlike prompts); encoded all the same, so a
// mistyped name in a link cannot turn into another path.
export const datasetPath = (name: string, version?: number) =>
  `/datasets/${encodeURIComponent(name)}${version === undefined ? '' : `?version=${version}`}`;

/** The table editor, always on the latest version (a new version is made from the latest). */
export const editItemsPath = (name: string) => `/datasets/${encodeURIComponent(name)}/edit`;

/**
 * A download of one version for the signed-in user. The same file as the API's
 * GET /api/v1/datasets/{name}/items?format=, which wants an API key a browser link cannot send.
 */
export const exportHref = (name: string, version: number, format: 'csv' | 'jsonl') =>
  `/datasets/${encodeURIComponent(name)}/export?version=${version}&format=${format}`;

/** The API call that answers the same file, for scripts (shown next to the download links). */
export const apiItemsPath = (name: string, version: number, format: 'csv' | 'jsonl') =>
  `/api/v1/datasets/${encodeURIComponent(name)}/items?version=${version}&format=${format}`;

/** `?version=` as a version number, or undefined (latest) when absent or not a positive integer. */
export function versionParam(raw: string | string[] | undefined): number | undefined {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value || !/^[1-9]\d{0,8}$/.test(value)) return undefined;
  return Number(value);
}
