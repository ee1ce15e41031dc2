import type { ContactRow, NewContact } from '../../store/schema.js';
import { ContactFlag, isRoomName } from '../../core/message-types.js';
import { pinyinKeys } from '../../core/pinyin.js';
import type { ProfileInfo, RoomInfo, RoomMemberInfo } from '../../ports/gateway.js';
import { findContact, upsertContact } from '../contacts/contacts.repository.js';
import { replaceMembers } from '../rooms/rooms.repository.js';
import type { ApplyContext } from './context.js';

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

export async function applyFriends(ctx: ApplyContext, accountId: number, profiles: ProfileInfo[], flag: number = ContactFlag.friend) {
  const ids: number[] = [];
  for (const p of profiles) {
    const cols = { ...profileColumns(p), contact_flag: flag, is_delete: 0, updated_at: ctx.now };
    const row = await upsertContact(
      ctx.trx,
      { ...cols, account_id: accountId, user_name: p.userName, is_room: isRoomName(p.userName) ? 1 : 0, created_at: ctx.now },
      cols,
    );
    ids.push(row.id);
  }
  return ids;
}

export async function markRemoved(ctx: ApplyContext, accountId: number, userNames: string[]) {
  const ids: number[] = [];
  for (const userName of userNames) {
    const row = await findContact(ctx.trx, accountId, userName);
    if (!row) continue;
    await ctx.trx
      .updateTable('contacts')
      .set({ is_delete: 1, contact_flag: ContactFlag.stranger, updated_at: ctx.now })
      .where('id', '=', row.id)
      .execute();
    ids.push(row.id);
  }
  return ids;
}

export async function applyRoom(ctx: ApplyContext, accountId: number, room: RoomInfo): Promise<ContactRow> {
  const py = pinyinKeys(room.topic);
  const cols = {
    nick_name: room.topic,
    py_initial: py.initials,
    py_quan_pin: py.full,
    head_img_url: room.headImgUrl,
    owner_user_name: room.ownerUserName,
    member_count: room.memberCount,
    is_delete: room.isDelete ? 1 : 0,
    updated_at: ctx.now,
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
    created_at: ctx.now,
  };
  return upsertContact(ctx.trx, insert, cols);
}

export async function applyRoomMembers(ctx: ApplyContext, accountId: number, roomName: string, members: RoomMemberInfo[]) {
  let room = await findContact(ctx.trx, accountId, roomName);
  if (!room)
    room = await applyRoom(ctx, accountId, {
      userName: roomName,
      topic: '',
      headImgUrl: '',
      ownerUserName: members.find((m) => m.isOwner)?.userName ?? '',
      memberCount: members.length,
    });
  const rows = members.map((m) => {
    const py = pinyinKeys(m.nickName);
    return {
      room_id: room.id,
      user_name: m.userName,
      nick_name: m.nickName,
      display_name: m.displayName,
      head_img_url: m.headImgUrl,
      py_initial: py.initials,
      py_quan_pin: py.full,
      is_owner: m.isOwner ? 1 : 0,
    };
  });
  await replaceMembers(ctx.trx, room.id, rows);
  const owner = members.find((m) => m.isOwner)?.userName;
  await ctx.trx
    .updateTable('contacts')
    .set({ member_count: members.length, members_synced_at: ctx.now, updated_at: ctx.now, ...(owner ? { owner_user_name: owner } : {}) })
    .where('id', '=', room.id)
    .execute();
  return room;
}
