export type PromptOption = { name: string; latestVersion: number; labels: Record<string, number> };

/**
 * A prompt's labels (production first) then its versions, newest first, as `label:<name>` and
 * `version:<n>` options of a select. A label is read when the run is created.
 */
export function TargetOptions({ prompt }: { prompt: PromptOption | undefined }) {
  if (!prompt) return <option value="label:production">production</option>;
  const labels = Object.entries(prompt.labels).sort(([a], [b]) => (a === 'production' ? -1 : b === 'production' ? 1 : a.localeCompare(b)));
  const versions = Array.from({ length: prompt.latestVersion }, (_, i) => prompt.latestVersion - i);
  return (
    <>
      <optgroup label="Label">
        {labels.map(([label, version]) => (
          <option key={label} value={`label:${label}`}>
            {label} (v{version})
          </option>
        ))}
      </optgroup>
      <optgroup label="Version">
        {versions.map((v) => (
          <option key={v} value={`version:${v}`}>
            v{v}
          </option>
        ))}
      </optgroup>
    </>
  );
}

/** Where a new selection of `prompt` starts: production when it has it, else the latest version. */
export const defaultTarget = (prompt: PromptOption | undefined) =>
  prompt && prompt.labels.production !== undefined ? 'label:production' : prompt ? `version:${prompt.latestVersion}` : 'label:production';
