// imwsi keys rotate: a new secret key, and every sealed secret re-sealed under it in one transaction
// (README "The secret key"). The new key is written to its file before the database changes, so neither a
// failure nor a kill leaves secrets sealed with a key that exists nowhere.
import { randomBytes } from 'node:crypto';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Command, type CommandGroup, UsageError, stringOption } from './command.js';
import { processesUsing } from './database-in-use.js';

const rotate: Command = {
  name: 'rotate',
  summary: 'make a new secret key and re-seal every secret under it, in one transaction (stop the gateways first)',
  options: {
    'new-key-file': {
      type: 'string',
      value: 'FILE',
      help: 'where to write the new key (required when IMWSI_SECRET_KEY gives the current one); default: the key file itself',
    },
    force: { type: 'boolean', help: 'rotate even though another process (a running gateway) has the SQLite database open' },
  },
  details: [
    'Example: systemctl stop imwsi && imwsi keys rotate --db /var/lib/imwsi/imwsi.sqlite && systemctl start imwsi',
    'With a key file, the new key replaces it and the old one is kept as FILE.old; with IMWSI_SECRET_KEY, the new key',
    'goes to --new-key-file: set IMWSI_SECRET_KEY from it for every gateway. Gateways still holding the old key refuse',
    'to start, so give every gateway on the database the new key.',
  ],
  async run(input) {
    const config = input.config();
    const newKeyFile = stringOption(input, 'new-key-file');
    if (config.secretKey && newKeyFile === undefined)
      throw new UsageError('IMWSI_SECRET_KEY gives the current key: give --new-key-file FILE for the new one', 'imwsi keys rotate');
    if (config.db.client !== 'pg') {
      const users = processesUsing(resolve(config.db.filename));
      if (users.length > 0 && input.options.get('force') !== true)
        throw new Error(
          `the database ${config.db.filename} is open in ${users.join(', ')} (a running gateway?): stop it first (it would go on with the old key), or give --force`,
        );
    }
    const [{ readSecretKey, checkedSecretBox }, { openMigratedDatabase }, { createStore }, { secretBox }, { rotateSealedSecrets }] =
      await Promise.all([
        import('../secret-key.js'),
        import('../start-up.js'),
        import('../store.js'),
        import('../../platform/auth/secret-box.js'),
        import('../key-rotation.js'),
      ]);
    const current = readSecretKey(config);
    if (current.key === undefined)
      throw new Error(`no secret key at ${current.where}: there is nothing to rotate from (check --secret-key-file)`);
    const db = await openMigratedDatabase(config);
    const store = createStore(db, Date.now);
    try {
      const old = await checkedSecretBox(current, store);
      const key = randomBytes(32);
      // The new key is on disk before the database changes. Beside a key file it waits as FILE.new until
      // the transaction committed; then FILE becomes FILE.old and FILE.new becomes FILE.
      const target = newKeyFile ?? `${current.file!}.new`;
      if (existsSync(target))
        throw new Error(`${target} exists: remove it (a rotation that did not finish?) or give another --new-key-file`);
      writeFileSync(target, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
      const rotated = await rotateSealedSecrets(db, config.db.client, old, secretBox(key));
      for (const r of rotated) process.stdout.write(`re-sealed ${r.secrets} ${r.table}.${r.column}\n`);
      if (newKeyFile === undefined) {
        renameSync(current.file!, `${current.file!}.old`);
        renameSync(target, current.file!);
        process.stdout.write(`the new key is in ${current.file!} (the old one in ${current.file!}.old: delete it once the gateways run)\n`);
      } else
        process.stdout.write(
          `the new key is in ${newKeyFile}: give it to every gateway on this database (--secret-key-file ${newKeyFile}, or IMWSI_SECRET_KEY=$(cat ${newKeyFile}))\n`,
        );
    } finally {
      await store.close();
    }
  },
};

export const keysCommands: CommandGroup = {
  name: 'keys',
  summary: 'the secret key that seals the stored passwords',
  commands: [rotate],
};
