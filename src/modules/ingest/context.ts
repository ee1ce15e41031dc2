import type { Kysely } from 'kysely';
import type { AccountRow, Database } from '../../store/schema.js';
import type { Notification } from '../../core/notifications.js';
import type { KeywordIndex } from '../keywords/keyword-index.js';

/** What one batch's appliers share: the transaction, caches and the notifications to send after commit. */
export interface ApplyContext {
  trx: Kysely<Database>;
  now: number;
  keywords: KeywordIndex;
  notifications: Notification[];
  /** Accounts by uin, loaded once per batch. */
  account(uin: string): Promise<AccountRow | undefined>;
}
