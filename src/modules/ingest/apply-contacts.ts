import type { RoomMemberInfo } from '../../core/gateway-protocol.js';
import { findContact, markMembersSynced, saveRoom } from '../contacts/contacts.tx.js';
import { saveMembers } from '../rooms/rooms.tx.js';
import type { ApplyContext } from './context.js';

/** A room's members: the room first when it is not known yet, then its list and count. */
export async function applyRoomMembers(ctx: ApplyContext, accountId: number, roomName: string, members: RoomMemberInfo[]) {
  const room =
    (await findContact(ctx.trx, accountId, roomName)) ??
    (await saveRoom(
      ctx.trx,
      accountId,
      {
        userName: roomName,
        topic: '',
        headImgUrl: '',
        ownerUserName: members.find((m) => m.isOwner)?.userName ?? '',
        memberCount: members.length,
      },
      ctx.now,
    ));
  await saveMembers(ctx.trx, room.id, members);
  await markMembersSynced(ctx.trx, room.id, members.length, members.find((m) => m.isOwner)?.userName, ctx.now);
  return room;
}
