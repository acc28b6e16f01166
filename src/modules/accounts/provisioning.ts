// Provisioning subscribers for E.164 auto-registration (5.18; docs/accounts.md): the operator creates pending
// accounts, one (`imwsi users provision`) or many from a CSV file (`--csv`), each with a user id, a number and
// a preconfigured password; the subscriber's first Register completes it. Idempotent: a row whose account
// already exists with the same number is skipped and counted, so an interrupted import is simply run again.
// A batch is one unit of work: its new accounts commit together, and a bad row fails alone.
import { AppError } from '../../kernel/errors.js';
import { isValidMsisdn } from '../../kernel/addresses.js';
import type { Store } from '../../kernel/ports.js';
import type { PasswordHasher, SecretSealer } from '../../kernel/security-ports.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { checkedPassword, hostedAddress } from './credentials.js';

export interface ProvisionRow {
  readonly address: string;
  /** E.164 with its +, or absent: the subscriber then registers by user id only. */
  readonly msisdn?: string | undefined;
  readonly password: string;
}

export interface ProvisionReport {
  /** Indexes (into the rows given) of the accounts created. */
  readonly created: number[];
  /** Indexes of rows whose account already exists with that number (pending or registered). */
  readonly skipped: number[];
  /** Indexes of rows that could not be provisioned, with why. */
  readonly failed: { readonly index: number; readonly error: AppError }[];
}

/** `onRowDone` is called as each row is decided or hashed (a progress bar moves while the slow hashes run). */
export type Provisioner = (rows: readonly ProvisionRow[], onRowDone?: () => void) => Promise<ProvisionReport>;

interface Checked {
  readonly index: number;
  readonly address: string;
  readonly msisdn: string | null;
  readonly password: string;
}

const asAppError = (error: unknown): AppError => {
  if (error instanceof AppError) return error;
  throw error;
};

export function provisioner(
  store: Store,
  hasher: PasswordHasher,
  sealer: SecretSealer,
  hostedDomains: readonly string[],
  work: UnitOfWork,
): Provisioner {
  /** Skipped (the same account exists), a failure, or undefined: to be created. */
  function existing(found: { msisdn: string | null } | undefined, row: Checked): 'skip' | AppError | undefined {
    if (!found) return undefined;
    if (found.msisdn === row.msisdn) return 'skip';
    return new AppError('SVC0002', [`address (${row.address} exists with another number)`]);
  }

  return async (rows, onRowDone = () => undefined) => {
    const report: ProvisionReport = { created: [], skipped: [], failed: [] };
    const toCreate: Checked[] = [];
    for (const [index, row] of rows.entries()) {
      try {
        const msisdn = row.msisdn?.trim() || null;
        if (msisdn !== null && !isValidMsisdn(msisdn)) throw new AppError('SVC0002', ['msisdn (E.164, +digits)']);
        const checked = { index, address: hostedAddress(row.address, hostedDomains), msisdn, password: checkedPassword(row.password) };
        // Read before hashing: a re-run skips what is there without paying for a slow hash per row.
        const before = existing(await store.accounts.findByAddress(checked.address), checked);
        if (before === 'skip') report.skipped.push(index);
        else if (before) report.failed.push({ index, error: before });
        else toCreate.push(checked);
      } catch (error) {
        report.failed.push({ index, error: asAppError(error) });
      }
      if (toCreate.at(-1)?.index !== index) onRowDone();
    }
    // The hashes in parallel (libuv's pool), before the unit of work opens: no transaction waits for them.
    const hashes = await Promise.all(toCreate.map((row) => hasher.hash(row.password).finally(onRowDone)));
    const outcome = await work.run(async ({ tx }) => {
      const created: number[] = [];
      const skipped: number[] = [];
      const failed: { index: number; error: AppError }[] = [];
      for (const [i, row] of toCreate.entries()) {
        await tx.registrations.claim(row.address);
        if (row.msisdn !== null) await tx.registrations.claim(`tel:${row.msisdn}`);
        const now = existing(await tx.accounts.findByAddress(row.address), row);
        if (now === 'skip') skipped.push(row.index);
        else if (now) failed.push({ index: row.index, error: now });
        else if ((await tx.aliases.ownerOf(row.address)) !== undefined)
          failed.push({ index: row.index, error: new AppError('SVC6002', [row.address]) });
        else if (row.msisdn !== null && (await tx.accounts.findByMsisdn(row.msisdn)))
          failed.push({ index: row.index, error: new AppError('SVC0002', [`msisdn (${row.msisdn} is taken)`]) });
        else {
          await tx.accounts.create({
            address: row.address,
            msisdn: row.msisdn,
            role: 'user',
            passwordHash: hashes[i]!,
            sealedSecret: sealer.seal(row.password),
            state: 'pending',
          });
          created.push(row.index);
        }
      }
      return { created, skipped, failed };
    });
    report.created.push(...outcome.created);
    report.skipped.push(...outcome.skipped);
    report.failed.push(...outcome.failed);
    return report;
  };
}

export interface ParsedProvisionCsv {
  /** Each row with its line number in the file (1-based). */
  readonly rows: { readonly line: number; readonly row: ProvisionRow }[];
  /** Every line that cannot be a row, with what to fix. */
  readonly problems: { readonly line: number; readonly text: string }[];
}

/**
 * A provisioning CSV: `address,msisdn,password` per line (msisdn may be empty). An optional header line whose
 * first cell is `address`, blank lines and lines starting with # are skipped. A password may not contain a
 * comma. An address or a number given twice in the file is a problem on its second line.
 */
export function parseProvisionCsv(text: string): ParsedProvisionCsv {
  const rows: { line: number; row: ProvisionRow }[] = [];
  const problems: { line: number; text: string }[] = [];
  const seen = new Map<string, number>();
  // A spreadsheet's byte order mark would otherwise hide the header line.
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, i) => {
      const line = i + 1;
      const trimmed = raw.trim();
      if (trimmed === '' || trimmed.startsWith('#')) return;
      const cells = trimmed.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
      if (i === 0 && cells[0]?.toLowerCase() === 'address') return;
      const [address = '', msisdn = '', password = ''] = cells;
      if (cells.length !== 3 || address === '' || password === '')
        return void problems.push({ line, text: `expected "address,msisdn,password" (msisdn may be empty), got ${cells.length} cells` });
      for (const key of [address.toLowerCase(), msisdn]) {
        const first = seen.get(key);
        if (key !== '' && first !== undefined) return void problems.push({ line, text: `${key} is already on line ${first}: keep one` });
      }
      seen.set(address.toLowerCase(), line);
      if (msisdn !== '') seen.set(msisdn, line);
      rows.push({ line, row: { address, msisdn: msisdn || undefined, password } });
    });
  return { rows, problems };
}
