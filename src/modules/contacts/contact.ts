import type { ContactRow } from '../../store/schema.js';

/** A friend or a room as one account sees it, as services pass it to one another. */
export interface Contact {
  id: number;
  accountId: number;
  userName: string;
  nickName: string;
  remarkName: string;
  headImgUrl: string;
  isRoom: boolean;
  /** 0 default, 1 mute, 2 block, 3 star. */
  setting: number;
  /** Removed as a friend, or a room the account quit. */
  isDelete: boolean;
  contactFlag: number;
  pyInitial: string;
  pyQuanPin: string;
  remarkPyInitial: string;
  remarkPyQuanPin: string;
  alias: string;
  sex: number;
  province: string;
  city: string;
  signature: string;
  announcement: string;
  ownerUserName: string;
  memberCount: number;
  /** When the room's member list was last stored; null when never. */
  membersSyncedAt: number | null;
}

export const contactOf = (r: ContactRow): Contact => ({
  id: r.id,
  accountId: r.account_id,
  userName: r.user_name,
  nickName: r.nick_name,
  remarkName: r.remark_name,
  headImgUrl: r.head_img_url,
  isRoom: r.is_room === 1,
  setting: r.setting,
  isDelete: r.is_delete === 1,
  contactFlag: r.contact_flag,
  pyInitial: r.py_initial,
  pyQuanPin: r.py_quan_pin,
  remarkPyInitial: r.remark_py_initial,
  remarkPyQuanPin: r.remark_py_quan_pin,
  alias: r.alias,
  sex: r.sex,
  province: r.province,
  city: r.city,
  signature: r.signature,
  announcement: r.announcement,
  ownerUserName: r.owner_user_name,
  memberCount: r.member_count,
  membersSyncedAt: r.members_synced_at,
});
