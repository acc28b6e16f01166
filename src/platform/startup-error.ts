// A gateway or command that cannot start: the reason in the operator's words and what to do, one line
// (README "Start-up failures"). The CLI prints it and exits 1 at once; the cause stays for debugging.
export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StartupError';
  }
}

/** The system error's code and short text, e.g. "ENOENT: no such file or directory". */
export function systemReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { code } = error as NodeJS.ErrnoException;
  // "ENOENT: no such file or directory, open '/x'" -> "ENOENT: no such file or directory": the caller names the file.
  const text = error.message.replace(/, \w+ '.*'$/, '');
  return code && !text.includes(code) ? `${code}: ${text}` : text;
}
