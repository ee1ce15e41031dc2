import type { Kysely } from 'kysely';
import { ContactFlag, isRoomName } from '../../core/message-types.js';
import { pinyinKeys } from '../../core/pinyin.js';
import type { ProfileInfo, RoomInfo } from '../../core/gateway-protocol.js';
import type { ContactRow, Database, NewContact } from '../../store/schema.js';
import { findContact, upsertContact } from './contacts.repository.js';

/**
 * What other modules may do with contacts inside a transaction they own: ingest files what
 * the gateway reports in its batch, and the message and room appliers look contacts up.
 */
export { findContact, findContactsByName, insertContactStubs } from './contacts.repository.js';

type Db = Kysely<Database>;

function profileColumns(p: ProfileInfo) {
  const name = pinyinKeys(p.nickName);
  const remark = pinyinKeys(p.remarkName);
  return {
    nick_name: p.nickName,
    remark_name: p.remarkName ?? '',
    py_initial: name.initials,
    py_quan_pin: name.full,
    remark_py_initial: remark.initials,
    remark_py_quan_pin: remark.full,
    head_img_url: p.headImgUrl,
    alias: p.alias ?? '',
    sex: p.sex ?? 0,
    province: p.province ?? '',
    city: p.city ?? '',
    signature: p.signature ?? '',
  };
}

/** Stores reported profiles as the account's contacts (friends unless `flag` says otherwise); answers their ids. */
export async function saveProfiles(db: Db, accountId: number, profiles: ProfileInfo[], now: number, flag: number = ContactFlag.friend) {
  const ids: number[] = [];
  for (const p of profiles) {
    const cols = { ...profileColumns(p), contact_flag: flag, is_delete: 0, updated_at: now };
    const row = await upsertContact(
      db,
      { ...cols, account_id: accountId, user_name: p.userName, is_room: isRoomName(p.userName) ? 1 : 0, created_at: now },
      cols,
    );
    ids.push(row.id);
  }
  return ids;
}

/** Contacts the account no longer has; answers the ids of those it had. */
export async function markRemoved(db: Db, accountId: number, userNames: string[], now: number) {
  const ids: number[] = [];
  for (const userName of userNames) {
    const row = await findContact(db, accountId, userName);
    if (!row) continue;
    await db
      .updateTable('contacts')
      .set({ is_delete: 1, contact_flag: ContactFlag.stranger, updated_at: now })
      .where('id', '=', row.id)
      .execute();
    ids.push(row.id);
  }
  return ids;
}

/** Inserts or updates a room as the gateway reported it. */
export async function saveRoom(db: Db, accountId: number, room: RoomInfo, now: number): Promise<ContactRow> {
  const py = pinyinKeys(room.topic);
  const cols = {
    nick_name: room.topic,
    py_initial: py.initials,
    py_quan_pin: py.full,
    head_img_url: room.headImgUrl,
    owner_user_name: room.ownerUserName,
    member_count: room.memberCount,
    is_delete: room.isDelete ? 1 : 0,
    updated_at: now,
    ...(room.announcement !== undefined ? { announcement: room.announcement } : {}),
    ...(room.savedToContacts !== undefined
      ? { contact_flag: room.savedToContacts ? ContactFlag.savedRoom : ContactFlag.roomNotSaved }
      : {}),
  };
  const insert: NewContact = {
    contact_flag: ContactFlag.savedRoom,
    ...cols,
    account_id: accountId,
    user_name: room.userName,
    is_room: 1,
    created_at: now,
  };
  return upsertContact(db, insert, cols);
}

/** The room's member list was just replaced: its count, owner and when. */
export const markMembersSynced = (db: Db, roomId: number, count: number, owner: string | undefined, now: number) =>
  db
    .updateTable('contacts')
    .set({ member_count: count, members_synced_at: now, updated_at: now, ...(owner ? { owner_user_name: owner } : {}) })
    .where('id', '=', roomId)
    .execute();

/** A confirmed quit or announcement of a room. */
export const updateRoom = (db: Db, roomId: number, set: { is_delete: number } | { announcement: string }, now: number) =>
  db
    .updateTable('contacts')
    .set({ ...set, updated_at: now })
    .where('id', '=', roomId)
    .execute();
