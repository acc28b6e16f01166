// Aliases (PP2-24, 25; docs/accounts.md): further addresses of an account in a hosted domain, unique across
// accounts and aliases. Others send to an alias and it reaches the owner (addressing resolves it); a retired
// alias is held like a deleted account's address, so nobody takes it over at once.
import { AppError } from '../../kernel/errors.js';
import type { Store } from '../../kernel/ports.js';
import type { Account } from '../../kernel/types.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { hostedAddress } from './credentials.js';

export interface AliasService {
  add(owner: Account, alias: string): Promise<string>;
  retire(owner: Account, alias: string): Promise<void>;
  list(owner: Account): Promise<string[]>;
}

export interface AliasOptions {
  readonly hostedDomains: readonly string[];
  readonly perAccount: number;
  readonly holdSeconds: number;
}

export function aliasService(store: Store, options: AliasOptions, work: UnitOfWork): AliasService {
  return {
    async add(owner, raw) {
      const alias = hostedAddress(raw, options.hostedDomains);
      return work.run(async ({ tx, now }) => {
        await tx.registrations.claim(alias);
        if (
          (await tx.accounts.findByAddress(alias)) ||
          (await tx.aliases.ownerOf(alias)) !== undefined ||
          (await tx.registrations.isHeld(alias, now))
        )
          throw new AppError('SVC6002', [alias]);
        if ((await tx.aliases.list(owner.id)).length >= options.perAccount) throw new AppError('POL6008', [options.perAccount]);
        await tx.aliases.add(alias, owner.id, now);
        return alias;
      });
    },
    async retire(owner, raw) {
      const alias = hostedAddress(raw, options.hostedDomains);
      await work.run(async ({ tx, now }) => {
        if (!(await tx.aliases.remove(alias, owner.id))) throw new AppError('SVC6004', [alias]);
        await tx.registrations.hold(alias, now + options.holdSeconds * 1000);
      });
    },
    list: (owner) => store.aliases.list(owner.id),
  };
}
