// Reads a judge model's answer into a score and a reason. Judges answer in every shape: JSON
// (bare or fenced), a "Score: 4/5" line under their reasoning, a lone PASS at the end. What is
// read is tried from the most explicit shape to the least; a value outside the scale is an
// error, never clamped, so a judge prompt that asks for 1–10 is noticed on the first item.
// Pure: no I/O, and only fixed patterns without nested quantifiers (answers can be long).

export type JudgeScale = 'binary' | '1-5' | '0-1';
export type Verdict = { score: number; reason: string } | { error: string };

export const MAX_REASON_CHARS = 2_000;
const QUOTED_CHARS = 200;

type Value = { score: number } | { error: string } | null;

const PASS_WORDS = new Set(['PASS', 'PASSED', 'YES', 'TRUE', 'CORRECT']);
const FAIL_WORDS = new Set(['FAIL', 'FAILED', 'NO', 'FALSE', 'INCORRECT']);
const SCORE_KEYS = ['score', 'verdict', 'rating'];
const REASON_KEYS = ['reasoning', 'reason', 'explanation'];

const scaleName = { binary: 'pass/fail', '1-5': '1–5', '0-1': '0–1' } as const;
const clip = (text: string) => (text.length > MAX_REASON_CHARS ? `${text.slice(0, MAX_REASON_CHARS - 1)}…` : text);

function failure(answer: string, why: string): { error: string } {
  const quoted = answer.length > QUOTED_CHARS ? `${answer.slice(0, QUOTED_CHARS)}…` : answer;
  return { error: `${why}; the judge answered: "${quoted}"` };
}

export function readVerdict(text: string, scale: JudgeScale): Verdict {
  const answer = text.trim();
  if (answer === '') return { error: 'the judge’s answer is empty' };
  const outOfScale = (v: { error: string }) => failure(answer, v.error);

  const json = fromJson(answer);
  if (json) {
    const value = valueOf(json.score, scale);
    if (value === null) return failure(answer, `the judge’s JSON has no ${scaleName[scale]} score`);
    if ('error' in value) return outOfScale(value);
    return { score: value.score, reason: clip(json.reason.trim()) };
  }

  const lines = answer.split(/\r?\n/);
  const labelled = fromLabelledLine(lines, scale);
  if (labelled && 'error' in labelled) return outOfScale(labelled);
  if (labelled) return { score: labelled.score, reason: reasonWithout(lines, labelled.line) };

  const standalone = scale === 'binary' ? fromVerdictWord(lines) : fromLoneNumber(lines, scale);
  if (standalone && 'error' in standalone) return outOfScale(standalone);
  if (standalone) return { score: standalone.score, reason: standalone.line === null ? clip(answer) : reasonWithout(lines, standalone.line) };

  return failure(answer, `no ${scaleName[scale]} verdict found`);
}

/** The score as the scale has it; null when the value is no score at all (prose), an error when it is one outside the scale. */
function valueOf(raw: unknown, scale: JudgeScale, denominator?: number): Value {
  if (typeof raw === 'boolean') return scale === 'binary' ? { score: raw ? 1 : 0 } : { error: `a pass/fail verdict where a ${scaleName[scale]} score was asked for` };
  if (typeof raw === 'string') return valueOfText(raw, scale);
  if (typeof raw !== 'number' || !Number.isFinite(raw)) return null;
  if (denominator !== undefined && denominator !== (scale === '1-5' ? 5 : 1)) return { error: `a score of ${raw}/${denominator} where ${scaleName[scale]} was asked for` };
  if (scale === 'binary' && raw !== 0 && raw !== 1) return { error: `the score ${raw} is not a pass/fail verdict (1 or 0)` };
  const [low, high] = scale === '1-5' ? [1, 5] : [0, 1];
  if (raw < low || raw > high) return { error: `the score ${raw} is outside ${scaleName[scale]}` };
  return { score: raw };
}

const NUMBER_AT_START = /^(-?\d+(?:\.\d+)?|-?\.\d+)\s*(%|\/\s*\d+(?:\.\d+)?|out\s+of\s+\d+(?:\.\d+)?)?/i;
const WORD_AT_START = /^([A-Za-z]+)/;

function valueOfText(raw: string, scale: JudgeScale): Value {
  const text = raw.trim().replace(/^[\s*_"'`[(]+/, '');
  const word = WORD_AT_START.exec(text)?.[1]?.toUpperCase();
  if (word !== undefined) {
    if (PASS_WORDS.has(word) || FAIL_WORDS.has(word)) {
      return scale === 'binary' ? { score: PASS_WORDS.has(word) ? 1 : 0 } : { error: `a pass/fail verdict where a ${scaleName[scale]} score was asked for` };
    }
    return null;
  }
  const number = NUMBER_AT_START.exec(text);
  if (!number) return null;
  const value = Number(number[1]);
  const suffix = number[2]?.toLowerCase();
  if (suffix === '%') return valueOf(value / 100, scale);
  const denominator = suffix ? Number(suffix.replace(/^(\/|out\s+of)\s*/, '')) : undefined;
  return valueOf(value, scale, denominator);
}

// --- JSON: the whole answer, a fenced block, or the outermost braces of an answer with prose around them.

const FENCE = /```[A-Za-z]*[ \t]*\r?\n([\s\S]*?)```/g;

function fromJson(answer: string): { score: unknown; reason: string } | null {
  const candidates = [answer, ...[...answer.matchAll(FENCE)].map((m) => m[1]!)];
  const open = answer.indexOf('{');
  const close = answer.lastIndexOf('}');
  if (open >= 0 && close > open) candidates.push(answer.slice(open, close + 1));
  for (const candidate of candidates) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(candidate.trim());
    } catch {
      continue;
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) continue;
    const byKey = new Map(Object.entries(parsed).map(([k, v]) => [k.toLowerCase(), v]));
    const scoreKey = SCORE_KEYS.find((k) => byKey.has(k));
    if (!scoreKey) continue;
    const reasonKey = REASON_KEYS.find((k) => typeof byKey.get(k) === 'string');
    return { score: byKey.get(scoreKey), reason: reasonKey ? (byKey.get(reasonKey) as string) : '' };
  }
  return null;
}

// --- "Score: 4/5", "**Verdict:** PASS", "Overall faithfulness score: 0.6", "Rating (1-5): [[4]]", "<score>4</score>": the last such line counts.

// Each optional piece starts with its own character, so no two runs of spaces compete (linear on long lines).
const LABELLED = /^[\s>*_#-]*(?:[A-Za-z]+[ \t]+){0,3}(?:score|rating|verdict|grade|result|decision|judge?ment)(?:\*\*)?[ \t]*(?:\([^)]{0,40}\)[ \t]*)?(?:\*\*[ \t]*)?[:=](.*)$/i;
const TAGGED = /<(score|rating|verdict)>([^<]{0,100})<\/\1>/i;

function fromLabelledLine(lines: string[], scale: JudgeScale): ({ score: number; line: number } | { error: string }) | null {
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!;
    const raw = LABELLED.exec(line)?.[1] ?? TAGGED.exec(line)?.[2];
    if (raw === undefined) continue;
    const value = valueOfText(raw, scale);
    if (value === null) continue;
    if ('error' in value) return value;
    return { score: value.score, line: i };
  }
  return null;
}

// --- A lone verdict word (binary) or a lone number (1–5, 0–1).

const MARKUP = /[\s*_#>."'`!:[\]()-]/g;
const UPPERCASE_WORDS = /\b(PASS|PASSED|FAIL|FAILED|YES|NO|TRUE|FALSE|CORRECT|INCORRECT)\b/g;

/**
 * A line that is only the word, in any case ("Pass", "**YES**"), or the word in capitals
 * inside a sentence ("so the answer is CORRECT"). An answer often mentions both words before
 * deciding: the last one counts when it is on the last line, where a verdict goes; otherwise
 * the first, as in "PASS. The answer is right, though it is not FALSE that…".
 */
function fromVerdictWord(lines: string[]): { score: number; line: number | null } | null {
  const found: { word: string; line: number; alone: boolean }[] = [];
  lines.forEach((line, i) => {
    const bare = line.replace(MARKUP, '').toUpperCase();
    if (PASS_WORDS.has(bare) || FAIL_WORDS.has(bare)) found.push({ word: bare, line: i, alone: true });
    else for (const m of line.matchAll(UPPERCASE_WORDS)) found.push({ word: m[1]!, line: i, alone: false });
  });
  if (found.length === 0) return null;
  const lastLine = lastNonEmpty(lines);
  const chosen = found.at(-1)!.line === lastLine ? found.at(-1)! : found[0]!;
  return { score: PASS_WORDS.has(chosen.word) ? 1 : 0, line: chosen.alone ? chosen.line : null };
}

const LONE_NUMBER = /^(?:-?\d+(?:\.\d+)?|-?\.\d+)$/;

/** A line that is only a number ("4", "**4**", "0.85."): the last one. */
function fromLoneNumber(lines: string[], scale: JudgeScale): ({ score: number; line: number } | { error: string }) | null {
  for (let i = lines.length - 1; i >= 0; i--) {
    const bare = lines[i]!.replace(/[\s*_#>"'`[\]()]/g, '').replace(/\.$/, '');
    if (!LONE_NUMBER.test(bare)) continue;
    const n = Number(bare);
    if (scale === '1-5' && !Number.isInteger(n)) return { error: `the score ${n} is not a whole number from 1 to 5` };
    const value = valueOf(n, scale);
    if (value === null) continue;
    if ('error' in value) return value;
    return { score: value.score, line: i };
  }
  return null;
}

function lastNonEmpty(lines: string[]): number {
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i]!.trim() !== '') return i;
  return -1;
}

/** The answer without its verdict line, and without a "Reasoning:" label in front. */
function reasonWithout(lines: string[], line: number): string {
  const rest = lines
    .filter((_, i) => i !== line)
    .join('\n')
    .trim()
    .replace(/^[*_]*(?:reasoning|reason|explanation)[*_]*\s*:\s*[*_]*\s*/i, '');
  return clip(rest.trim());
}
