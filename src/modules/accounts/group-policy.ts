// The account policy in groups (use case 5.17), through the hooks the groups module offers: minors' protection
// refuses accounts in policy class `minor` at the door of public rooms (unless the operator allows them), and
// a member who gives no screen name goes by the display name of their profile (the profile alias, PP-43) when
// they made it public: a name anyone may see is a name a public room may show.
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

/** groups.screenName: the profile's display name, if the user set one and made it public. */
export const profileScreenName: HookTypes['groups.screenName'] = async (work, account) => {
  const profile = await work.tx.profiles.find(account.id);
  const displayName = profile?.fields.get('displayName');
  return displayName && displayName.visibility === 'public' && displayName.value !== '' ? displayName.value : undefined;
};
