import type { ContactView } from '../../api/contact.js';
import type { ContactRow } from '../../store/schema.js';
import type { Contact } from './contact.js';

/** The columns a contact's view is made of. */
export type ContactViewColumns = Pick<
  ContactRow,
  | 'id'
  | 'account_id'
  | 'user_name'
  | 'nick_name'
  | 'remark_name'
  | 'head_img_url'
  | 'is_room'
  | 'setting'
  | 'is_delete'
  | 'contact_flag'
  | 'py_initial'
  | 'py_quan_pin'
  | 'remark_py_initial'
  | 'remark_py_quan_pin'
  | 'alias'
  | 'sex'
  | 'province'
  | 'city'
  | 'signature'
  | 'announcement'
  | 'owner_user_name'
  | 'member_count'
>;

export const toContactView = (r: ContactViewColumns): ContactView => contactViewOf(r, r.id);

/** The view of a contact read with other rows' columns, its id under another name (the recent list's `contact_id`). */
export const contactViewOf = (r: Omit<ContactViewColumns, 'id'>, id: number): ContactView => ({
  id,
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
});

/** The API's view of a contact: everything but what only services use. */
export const viewOfContact = ({ membersSyncedAt: _synced, ...view }: Contact): ContactView => view;

/** A stored contact as services pass it on. */
export const contactOf = (r: ContactRow): Contact => ({ ...toContactView(r), membersSyncedAt: r.members_synced_at });
