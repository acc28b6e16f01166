// The policy operations of the Administration service (wsdl/Administration.wsdl; docs/operations.md): the
// operator's limits, system and per-user filters and switches, the same as `imwsi limits|filters|switches`.
// The administration module serves them with every change audited; handlers decode, call one service
// function, encode (in schema element order).
import { optionalBoolean, optionalInt, optionalString, requiredString } from '../../platform/soap/codec.js';
import type { Caller } from '../../kernel/require-role.js';
import type { LimitRule, SwitchRule } from './ports.js';
import type { PolicyService } from './policy-service.js';
import { decodeCriteria, encodeFilter } from './soap.js';

/** The operator's side of the policy service, as the Administration service calls it. */
export type PolicyAdministration = Pick<
  PolicyService,
  'setLimit' | 'removeLimit' | 'listLimits' | 'addFilter' | 'removeFilter' | 'listFilters' | 'setSwitch' | 'listSwitches'
>;

const encodeLimit = (l: LimitRule) => ({
  scope: l.scope,
  ...(l.subject !== '' ? { subject: l.subject } : {}),
  name: l.name,
  value: l.text ?? String(l.value),
});

const encodeSwitch = (s: SwitchRule) => ({
  kind: s.kind,
  scope: s.scope,
  ...(s.subject !== '' ? { subject: s.subject } : {}),
  setBy: s.setBy,
});

const subjectOf = (args: Record<string, unknown>) => optionalString(args.subject, 'subject') || undefined;

export function policyAdminSoapHandlers(policy: PolicyAdministration) {
  type Args = Record<string, unknown>;
  type Context = { caller: Caller };
  return {
    async SetLimit(args: Args, { caller }: Context) {
      const rule = await policy.setLimit(
        caller,
        requiredString(args.scope, 'scope'),
        subjectOf(args),
        requiredString(args.name, 'name'),
        requiredString(args.value, 'value'),
      );
      return { limit: encodeLimit(rule) };
    },
    async RemoveLimit(args: Args, { caller }: Context) {
      return {
        removed: await policy.removeLimit(caller, requiredString(args.scope, 'scope'), subjectOf(args), requiredString(args.name, 'name')),
      };
    },
    async ListLimits(_args: Args, { caller }: Context) {
      return { limit: (await policy.listLimits(caller)).map(encodeLimit) };
    },
    async AddFilter(args: Args, { caller }: Context) {
      const id = await policy.addFilter(
        caller,
        optionalString(args.owner, 'owner') || undefined,
        decodeCriteria(args.criteria),
        requiredString(args.treatment, 'treatment'),
        optionalString(args.redirectTo, 'redirectTo') ?? optionalString(args.tag, 'tag'),
      );
      return { id };
    },
    async RemoveFilter(args: Args, { caller }: Context) {
      const id = optionalInt(args.id, 'id') ?? Number(requiredString(args.id, 'id'));
      return { removed: await policy.removeFilter(caller, id, optionalString(args.owner, 'owner') || undefined) };
    },
    async ListFilters(_args: Args, { caller }: Context) {
      return { filter: (await policy.listFilters(caller)).map((f) => ({ ...(f.owner ? { owner: f.owner } : {}), ...encodeFilter(f) })) };
    },
    async SetSwitch(args: Args, { caller }: Context) {
      const on = optionalBoolean(args.on, 'on') ?? false;
      const changed = await policy.setSwitch(
        caller,
        requiredString(args.kind, 'kind'),
        requiredString(args.scope, 'scope'),
        subjectOf(args),
        on,
      );
      return { changed };
    },
    async ListSwitches(_args: Args, { caller }: Context) {
      return { switch: (await policy.listSwitches(caller)).map(encodeSwitch) };
    },
  };
}
