// The account policy in groups (use case 5.17), through the hooks the groups module offers: minors' protection
// refuses accounts in policy class `minor` at the door of public rooms (unless the operator allows them), and
// a member who gives no screen name goes by their alias, or else by the display name of their profile when
// they made it public: a name anyone may see is a name a public room may show (PP-43, 5.17).
import type { HookTypes } from '../../platform/modules/registry.js';

export type MinorsInPublicRooms = 'refuse' | 'allow';

/** groups.roomAdmission: a minor stays out of public rooms unless the operator allows them in. */
export function minorsProtection(policy: MinorsInPublicRooms): HookTypes['groups.roomAdmission'] {
  return (_work, account, room) =>
    Promise.resolve(
      policy === 'refuse' && room.visibility === 'public' && account.policyClass === 'minor'
        ? { code: 'POL5012', variables: [room.name] }
        : undefined,
    );
}

/**
 * groups.screenName: the user's alias (its first, by address: an address that already stands in for the real
 * one, 5.17 and PP2-24), else the profile's display name if the user made it public.
 */
export const profileScreenName: HookTypes['groups.screenName'] = async (work, account) => {
  const [alias] = [...(await work.tx.aliases.list(account.id))].sort();
  if (alias !== undefined) return alias.slice(0, alias.lastIndexOf('@'));
  const profile = await work.tx.profiles.find(account.id);
  const displayName = profile?.fields.get('displayName');
  return displayName && displayName.visibility === 'public' && displayName.value !== '' ? displayName.value : undefined;
};
