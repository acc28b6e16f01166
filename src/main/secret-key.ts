// The key that seals the PasswordDigest secrets (README "The secret key"): from IMWSI_SECRET_KEY, or a key
// file (--secret-key-file, else imwsi.key beside the SQLite file or in the working directory for PostgreSQL).
// A gateway whose key does not open the accounts' secrets refuses to start: otherwise every login on it
// would fail with SVC0001, as happened to a second gateway on one PostgreSQL database that made its own key.
import { existsSync } from 'node:fs';
import type { Store } from '../kernel/ports.js';
import { loadOrCreateKey, secretBox, type SecretBox } from '../platform/auth/secret-box.js';
import type { Config } from '../platform/config.js';
import { StartupError, systemReason } from '../platform/startup-error.js';
import { keyFileFor } from './key-file.js';

export interface KeySource {
  /** The key, or undefined when its file does not exist yet (made once the database shows it may be). */
  readonly key: Buffer | undefined;
  /** For messages: `IMWSI_SECRET_KEY` or the file. */
  readonly where: string;
  readonly file: string | undefined;
}

/** Read before the database opens, so a damaged key file fails first. */
export function readSecretKey(config: Config): KeySource {
  if (config.secretKey) return { key: Buffer.from(config.secretKey, 'hex'), where: 'IMWSI_SECRET_KEY', file: undefined };
  const file = keyFileFor(config);
  if (!existsSync(file)) return { key: undefined, where: file, file };
  return { key: readKeyFile(file), where: file, file };
}

function readKeyFile(file: string): Buffer {
  try {
    return loadOrCreateKey(file);
  } catch (error) {
    const message = (error as NodeJS.ErrnoException).code
      ? `cannot read or create the secret key file ${file} (${systemReason(error)}): check --secret-key-file and its directory`
      : `${(error as Error).message}: restore the key file the accounts were sealed with (--secret-key-file)`;
    throw new StartupError(message, { cause: error });
  }
}

/** The sealer, once the key is known to open what the database holds (or the database holds nothing yet). */
export async function checkedSecretBox(source: KeySource, store: Store): Promise<SecretBox> {
  const sealed = await store.accounts.anySealedSecret();
  if (source.key === undefined) {
    if (sealed !== undefined)
      throw new StartupError(
        `no secret key at ${source.where}, but this database has accounts sealed with a key: give this gateway the key the others use (copy their key file to --secret-key-file, or set IMWSI_SECRET_KEY)`,
      );
    return secretBox(readKeyFile(source.file!));
  }
  const box = secretBox(source.key);
  if (sealed !== undefined) {
    try {
      box.open(sealed);
    } catch (error) {
      throw new StartupError(
        `the secret key in ${source.where} does not open the passwords of this database's accounts: they were sealed with another key; give this gateway the key the others use (README "The secret key")`,
        { cause: error },
      );
    }
  }
  return box;
}
