import type { EvalRunView } from '@/lib/evals/schemas';

type Progress = EvalRunView['progress'];

const WIDTH = 30;

function eta(startedAt: number, doneHere: number, left: number): string {
  if (doneHere === 0 || left === 0) return '';
  const seconds = Math.round(((Date.now() - startedAt) / doneHere) * left / 1000);
  return `  ETA ${seconds >= 60 ? `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s` : `${seconds}s`}`;
}

export function progressLine(p: Progress, startedAt: number, doneBefore: number): string {
  const filled = p.total === 0 ? WIDTH : Math.round((p.done / p.total) * WIDTH);
  const failed = p.failed > 0 ? `  ${p.failed} failed` : '';
  return `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${p.done}/${p.total}${failed}${eta(startedAt, p.done - doneBefore, p.total - p.done)}`;
}

/**
 * Progress on stderr (stdout stays for the summary a script reads): on a terminal one line
 * redrawn in place; otherwise (CI logs, pipes) a line each time another tenth is done.
 */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr) {
  const startedAt = Date.now();
  let doneBefore: number | undefined;
  let lastTenth = -1;
  let drawn = false;
  return {
    update(p: Progress) {
      doneBefore ??= p.done;
      const line = progressLine(p, startedAt, doneBefore);
      if (stream.isTTY) {
        stream.write(`\r${line}\u001b[K`);
        drawn = true;
        return;
      }
      const tenth = p.total === 0 ? 10 : Math.floor((p.done * 10) / p.total);
      if (tenth > lastTenth) {
        lastTenth = tenth;
        stream.write(`${line}\n`);
      }
    },
    /** Ends the redrawn line so that what follows starts on its own. */
    finish() {
      if (drawn) stream.write('\n');
    },
  };
}
