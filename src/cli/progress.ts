import type { CliIO } from './io.js';

/** A one-line counter on stderr, only on a terminal and only once a scan has run for a while. */
export function progressLine(io: CliIO, label: string, delayMs = 400): { update: (done: number, total?: number) => void; done: () => void } {
  if (!io.stderrIsTTY) return { update: () => undefined, done: () => undefined };
  const started = performance.now();
  let shown = false;
  let lastDraw = 0;
  return {
    update(done, total) {
      const now = performance.now();
      if (now - started < delayMs || now - lastDraw < 100) return;
      lastDraw = now;
      shown = true;
      io.stderr(`\r\x1b[2K${label} ${done}${total ? `/${total}` : ''}`);
    },
    done() {
      if (shown) io.stderr('\r\x1b[2K');
    },
  };
}
