// Progress on stderr while a phase runs: one rewritten line on a terminal, a line every few seconds otherwise.

export interface Progress {
  update(text: string): void;
  done(text: string): void;
}

export function progress(label: string): Progress {
  const tty = Boolean(process.stderr.isTTY);
  const started = Date.now();
  let lastPrinted = 0;
  const elapsed = () => ((Date.now() - started) / 1000).toFixed(1).padStart(5) + 's';
  return {
    update(text) {
      const now = Date.now();
      if (tty) {
        if (now - lastPrinted < 100) return;
        process.stderr.write(`\r\x1b[K  ${label} ${elapsed()}  ${text}`);
      } else {
        if (now - lastPrinted < 2000) return;
        process.stderr.write(`  ${label} ${elapsed()}  ${text}\n`);
      }
      lastPrinted = now;
    },
    done(text) {
      process.stderr.write(`${tty ? '\r\x1b[K' : ''}  ${label} ${elapsed()}  ${text}\n`);
    },
  };
}

/** Announces a step that has no counter of its own. */
export function step(text: string): void {
  process.stderr.write(`- ${text}\n`);
}
