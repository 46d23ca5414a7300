/**
 * A one-line progress bar on stderr (no dependency: a dozen lines do it). On a terminal it redraws in place at
 * most every 100 ms of wall time; otherwise it prints a line at each quarter, so logs of CI runs stay short.
 */
export interface Progress {
  update(done: number, note?: string): void;
  stop(): void;
}

export function createProgress(label: string, total: number, stream: NodeJS.WriteStream = process.stderr, enabled = true): Progress {
  if (!enabled || total <= 0) return { update() {}, stop() {} };
  const tty = stream.isTTY === true;
  let lastDraw = 0;
  let lastQuarter = -1;
  let current = 0;
  let currentNote = '';
  const draw = (final: boolean) => {
    const fraction = Math.min(1, current / total);
    if (tty) {
      const width = 30;
      const filled = Math.round(fraction * width);
      stream.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${current}/${total} ${currentNote}\x1b[K${final ? '\n' : ''}`);
      return;
    }
    const quarter = Math.floor(fraction * 4);
    if (quarter > lastQuarter || final) {
      lastQuarter = quarter;
      stream.write(`${label}: ${(fraction * 100).toFixed(0)}% (${current}/${total}) ${currentNote}\n`);
    }
  };
  return {
    update(done, note = '') {
      current = done;
      currentNote = note;
      const now = performance.now();
      if (tty && now - lastDraw < 100 && done < total) return;
      lastDraw = now;
      draw(false);
    },
    stop() {
      draw(true);
    },
  };
}
