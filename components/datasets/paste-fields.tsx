'use client';
import { Label } from '@/components/ui/label';
import { NativeSelect } from '@/components/ui/native-select';
import { Textarea } from '@/components/ui/textarea';

export type PasteFormat = 'csv' | 'jsonl';

const examples: Record<PasteFormat, string> = {
  csv: 'question,expected,metadata.source\nWhat is 2+2?,4,manual',
  jsonl: '{"variables":{"question":"What is 2+2?"},"expected":"4","metadata":{"source":"manual"}}',
};

const hints: Record<PasteFormat, string> = {
  csv: 'A header row; the column "expected" is the expected output, "metadata.<key>" columns are metadata, every other column is a variable (as text).',
  jsonl: 'One JSON object per line: {"variables": {…}, "expected": …, "metadata": {…}}; blank lines are skipped.',
};

type Props = {
  idPrefix: string;
  format: PasteFormat;
  text: string;
  onFormat: (format: PasteFormat) => void;
  onText: (text: string) => void;
  label: string;
};

/** The format picker and the box to paste a CSV or JSONL file into. */
export function PasteFields({ idPrefix, format, text, onFormat, onText, label }: Props) {
  return (
    <div className="grid gap-3">
      <div className="grid max-w-48 gap-1.5">
        <Label htmlFor={`${idPrefix}-format`}>Format</Label>
        <NativeSelect id={`${idPrefix}-format`} value={format} onChange={(e) => onFormat(e.target.value as PasteFormat)} data-testid="dataset-format">
          <option value="csv">CSV</option>
          <option value="jsonl">JSONL</option>
        </NativeSelect>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor={`${idPrefix}-text`}>{label}</Label>
        <Textarea
          id={`${idPrefix}-text`}
          value={text}
          onChange={(e) => onText(e.target.value)}
          placeholder={examples[format]}
          rows={10}
          spellCheck={false}
          className="font-mono text-xs"
          data-testid="dataset-paste"
        />
        <p className="text-xs text-muted-foreground">{hints[format]} Up to 1 MB here; larger files go through the API.</p>
      </div>
    </div>
  );
}
