// A one-line progress bar on standard error for long CLI jobs (directory import, users provision).

export function progressBar(total: number, label: string, stream: NodeJS.WriteStream = process.stderr) {
  const width = 30;
  let last = '';
  let lastPercent = -1;
  return {
    update(done: number): void {
      const ratio = total === 0 ? 1 : Math.min(1, done / total);
      const percent = Math.floor(ratio * 100);
      // In a log (no terminal) one line per percent at most: a row-by-row job would write a line per row.
      if (!stream.isTTY && percent === lastPercent) return;
      lastPercent = percent;
      const filled = Math.round(ratio * width);
      const line = `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${percent}% ${done}/${total}`;
      if (line === last) return;
      last = line;
      // On a terminal the bar redraws in place; in a log it prints one line per step.
      stream.write(stream.isTTY ? `\r${line}` : `${line}\n`);
    },
    done(): void {
      if (stream.isTTY) stream.write('\n');
    },
  };
}
