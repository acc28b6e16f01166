// The Directory service (wsdl/Directory.wsdl): a consumer's usernames -> IM addresses (Appendix B).
import type { DirectoryService } from './directory-service.js';
import { asArray, asObject, optionalInt, optionalString, requiredString } from '../../platform/soap/codec.js';
import type { ServiceDefinition } from '../../platform/soap/mount.js';

export function directorySoapService(directory: DirectoryService): ServiceDefinition {
  return {
    name: 'Directory',
    handlers: {
      // SetDirectoryEntries: adds or replaces entries in the caller's own directory.
      async SetDirectoryEntries(args, { caller }) {
        const entries = asArray(args.entry).map((raw, i) => {
          const e = asObject(raw, `entry[${i + 1}]`);
          return {
            username: requiredString(e.username, `entry[${i + 1}].username`),
            address: requiredString(e.address, `entry[${i + 1}].address`),
          };
        });
        return { written: await directory.set(caller, entries) };
      },

      // RemoveDirectoryEntries: removes usernames from the caller's directory.
      async RemoveDirectoryEntries(args, { caller }) {
        const usernames = asArray(args.username).map((u, i) => requiredString(u, `username[${i + 1}]`));
        return { removed: await directory.remove(caller, usernames) };
      },

      // GetDirectoryEntries: one page of the caller's directory, in username order.
      async GetDirectoryEntries(args, { caller }) {
        const page = await directory.page(
          caller,
          optionalString(args.startAfter, 'startAfter') || undefined,
          optionalInt(args.maxEntries, 'maxEntries'),
        );
        return {
          entry: page.entries.map((e) => ({ username: e.username, address: e.address })),
          total: page.total,
          ...(page.nextStartAfter !== undefined ? { nextStartAfter: page.nextStartAfter } : {}),
        };
      },
    },
  };
}
