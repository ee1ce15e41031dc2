import type { Kysely } from 'kysely';
import type { RoomMemberInfo } from '../../core/gateway-protocol.js';
import { pinyinKeys } from '../../core/pinyin.js';
import type { Database } from '../../store/schema.js';
import { replaceMembers } from './rooms.repository.js';

/** What other modules may do with room members inside a transaction they own (ingest). */

/** Replaces the room's member list with what the gateway reported. */
export async function saveMembers(db: Kysely<Database>, roomId: number, members: readonly RoomMemberInfo[]): Promise<void> {
  await replaceMembers(
    db,
    roomId,
    members.map((m) => {
      const py = pinyinKeys(m.nickName);
      return {
        room_id: roomId,
        user_name: m.userName,
        nick_name: m.nickName,
        display_name: m.displayName,
        head_img_url: m.headImgUrl,
        py_initial: py.initials,
        py_quan_pin: py.full,
        is_owner: m.isOwner ? 1 : 0,
      };
    }),
  );
}
