// Directory CSV files: one "username,address" per line; an optional header line, blank lines and lines
// starting with # are skipped. Shared by `imwsi directory import` and the relay's directory file.
import type { DirectoryEntry } from '../../kernel/types.js';

export interface ParsedCsv {
  readonly entries: DirectoryEntry[];
  /** "line N: ..." for every line that is not an entry. */
  readonly problems: string[];
}

export function parseDirectoryCsv(text: string): ParsedCsv {
  const entries: DirectoryEntry[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const cells = line.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
    if (i === 0 && cells[0]?.toLowerCase() === 'username') return;
    if (cells.length !== 2 || !cells[0] || !cells[1]) return void problems.push(`line ${i + 1}: expected "username,address"`);
    entries.push({ username: cells[0], address: cells[1] });
  });
  return { entries, problems };
}
