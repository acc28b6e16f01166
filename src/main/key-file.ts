// Where the secret key file is when --secret-key-file is not given: beside the SQLite file; for PostgreSQL,
// in the working directory (README "The secret key": share one key between gateways instead).
import { dirname, join } from 'node:path';
import type { Config } from '../platform/config.js';

export function keyFileFor(config: Config): string {
  if (config.secretKeyFile) return config.secretKeyFile;
  return config.db.client === 'pg' ? join(process.cwd(), 'imwsi.key') : join(dirname(config.db.filename), 'imwsi.key');
}
