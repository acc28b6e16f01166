// Usage records (PP2-6, PP-47..49, GO-3), aligned with OMA Charging Data's IM-Information and
// Service-Generic-Information: the field table is docs/operations.md "Usage records".

/** OMA IM Charging Data's IM-Service-Type values we use. */
export type ServiceType = 'SENDING' | 'RECEIVING' | 'RETRIEVAL' | 'INVITING' | 'JOINING' | 'LEAVING';

/** The chargeable event a record stands for; several events share a service type. */
export type UsageEvent =
  | 'message-sent'
  | 'message-exploded'
  | 'delivery'
  | 'expiry'
  | 'group-opened'
  | 'group-closed'
  | 'member-joined'
  | 'member-left'
  | 'presence-published'
  | 'peer-forwarded'
  | 'peer-accepted';

/** GO-3: who the billing system knows the charged party as: an operator-set id, else the account's E.164. */
export interface Subscriber {
  readonly id: string;
  /** OMA Subscription-Id-Type: END_USER_E164 or END_USER_PRIVATE (the operator's own id). */
  readonly type: 'E164' | 'PRIVATE';
}

export interface NewUsageRecord {
  /** What ties the records of one event together: the message id, the group id. */
  readonly correlationId: string;
  readonly event: UsageEvent;
  readonly serviceType: ServiceType;
  readonly chargedParty: string;
  readonly subscriber: Subscriber | undefined;
  readonly otherParties: readonly string[];
  readonly at: number;
  readonly contentType: string | undefined;
  readonly sizeBytes: number;
  readonly sentCount: number;
  readonly sentOk: number;
  readonly explodedCount: number;
  readonly explodedOk: number;
  readonly peerDomain: string | undefined;
  /** delivered, expired, joined, left, kicked, banned, closed ... */
  readonly outcome: string | undefined;
  /** In the tariff's minor units. */
  readonly charge: number;
}

export interface UsageRecord extends NewUsageRecord {
  readonly id: number;
}

/** Which records an export or a page reads: `afterId` resumes, `since`/`until` bound the time (ms, until excluded). */
export interface UsageQuery {
  readonly afterId: number;
  readonly since: number | undefined;
  readonly until: number | undefined;
}

export type PaymentModel = 'postpaid' | 'prepaid';

/** PP2-7: what an account pays and how. A tariff in minor units (cents, credits). */
export interface ChargingTerms {
  readonly subscriberId: string | null;
  readonly payment: PaymentModel;
  readonly balance: number;
  readonly perMessage: number;
  readonly perRecipient: number;
  readonly perKilobyte: number;
}

export const defaultTerms: ChargingTerms = {
  subscriberId: null,
  payment: 'postpaid',
  balance: 0,
  perMessage: 0,
  perRecipient: 0,
  perKilobyte: 0,
};
