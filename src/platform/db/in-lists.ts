// `in (?, ?, ...)` lists for hot statements (hot-statements.ts): a statement text is prepared once and kept by
// its text, and an IN list's length is part of the text. Padding every list to a power of two (repeating its
// last value, which changes nothing an IN matches) leaves a few texts per statement (1, 2, 4, ... 512) instead
// of one per length.

/** The placeholders and bindings of an IN list of `values` (at least one), padded to a power of two. */
export function paddedInList<T>(values: readonly T[]): { readonly placeholders: string; readonly bindings: T[] } {
  if (values.length === 0) throw new Error('an IN list needs at least one value');
  let size = 1;
  while (size < values.length) size *= 2;
  const bindings = Array.from({ length: size }, (_, i) => values[Math.min(i, values.length - 1)]!);
  return { placeholders: new Array<string>(size).fill('?').join(', '), bindings };
}
