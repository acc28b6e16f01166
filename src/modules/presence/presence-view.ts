// Presence as a reader sees it (PP-4, GU-4): published presence folded with activity. Pure functions.
import type { Availability, PresenceRecord, PresenceView } from '../../kernel/social-types.js';

export const isActive = (record: PresenceRecord | undefined, now: number, idleMs: number): boolean =>
  record?.lastActiveAt !== undefined && now - record.lastActiveAt < idleMs;

const offline: PresenceView = {
  availability: 'offline',
  statusText: undefined,
  device: undefined,
  capabilities: [],
  attributes: [],
  lastActiveAt: undefined,
};

/**
 * A user who polls GetMessages (or published) within the idle time is online: their published
 * availability, or `available` when they never published. After the idle time they read as offline,
 * keeping the published details. `invisible` reads as offline with nothing else to everyone but the user.
 */
export function viewOf(record: PresenceRecord | undefined, now: number, idleMs: number, self: boolean): PresenceView {
  const published = record?.published;
  if (published?.availability === 'invisible' && !self) return offline;
  const active = isActive(record, now, idleMs);
  const availability: Availability =
    !active && published?.availability !== 'invisible' ? 'offline' : (published?.availability ?? 'available');
  return {
    availability,
    statusText: published?.statusText,
    device: published?.device,
    capabilities: published?.capabilities ?? [],
    attributes: published?.attributes ?? [],
    lastActiveAt: record?.lastActiveAt,
  };
}

/**
 * Use case 5.6: "reject while unavailable" applies while the user's own published availability says so
 * (away, busy, offline). Merely not polling does not count: such messages wait in the inbox (5.13).
 */
export function isUnavailableForMessages(record: PresenceRecord | undefined): boolean {
  return unavailableForMessages(record?.published?.availability);
}

/** The same, from a published availability alone (admission reads it with its other facts, in one statement). */
export function unavailableForMessages(availability: string | undefined): boolean {
  return availability === 'away' || availability === 'busy' || availability === 'offline';
}

export const sameView = (a: PresenceView, b: PresenceView): boolean =>
  JSON.stringify({ ...a, lastActiveAt: undefined }) === JSON.stringify({ ...b, lastActiveAt: undefined });
