// The storage port of the messaging module: MessageRepository. Its knex/ folder implements
// it; the declaration below adds it to the kernel's Repositories, which a unit of work hands to services.
import type { NewMessage, RecipientState, StoredMessage } from '../../kernel/types.js';
import type { RecipientPositionUpdate, RecipientRecord } from '../../kernel/ports.js';
export interface MessageRepository {
  /** Inserts many messages with their recipients in a few multi-row statements. */
  insertAll(messages: readonly { readonly message: NewMessage; readonly recipients: readonly RecipientRecord[] }[]): Promise<void>;
  find(messageId: string): Promise<StoredMessage | undefined>;
  findByClientId(senderAccountId: number, clientMessageId: string): Promise<StoredMessage | undefined>;
  /** Moves the recipients (messageIds x accountIds) that are in one of `from` to `to`. */
  setRecipientState(
    messageIds: readonly string[],
    accountIds: readonly number[],
    from: readonly RecipientState[],
    to: RecipientState,
    at: number,
    reason?: string,
  ): Promise<void>;
  /** Settles recipients by position; only those still in `from` change. */
  setRecipientStateAt(updates: readonly RecipientPositionUpdate[], from: readonly RecipientState[], at: number): Promise<void>;
  /** Deletes messages that expired before `before` and have no inbox entries left. */
  purgeFinished(before: number): Promise<number>;
}

declare module '../../kernel/ports.js' {
  interface Repositories {
    readonly messages: MessageRepository;
  }
}
