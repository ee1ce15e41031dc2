import type { Kysely } from 'kysely';
import { FriendRequestStatus } from '../../core/message-types.js';
import type { Database } from '../../store/schema.js';
import { findOpenRequest, insertRequest, setRequestStatus } from './friends.repository.js';

/** What other modules may do with friend requests inside a transaction they own: ingest follows their outcome. */
export { failOpenRequests } from './friends.repository.js';

const STATUS_OF = {
  accepted: FriendRequestStatus.accepted,
  rejected: FriendRequestStatus.failed,
  received: FriendRequestStatus.received,
} as const;

/**
 * The gateway's word on a request: an answer to one the account sent updates that one; a
 * request someone sent the account (or an answer to one sent elsewhere) is a new row.
 * Answers the request's id and status.
 */
export async function recordRequestEvent(
  db: Kysely<Database>,
  accountId: number,
  e: { userName: string; status: keyof typeof STATUS_OF; verify?: string; room?: string },
  now: number,
): Promise<{ id: number; status: number }> {
  const status = STATUS_OF[e.status];
  const open = e.status === 'received' ? undefined : await findOpenRequest(db, accountId, e.userName);
  if (open) {
    await setRequestStatus(db, open.id, status, now);
    return { id: open.id, status };
  }
  const row = await insertRequest(db, {
    account_id: accountId,
    user_name: e.userName,
    room_user_name: e.room ?? null,
    verify: e.verify ?? '',
    status,
    now,
  });
  return { id: row.id, status };
}
