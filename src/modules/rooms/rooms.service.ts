import type { Kysely } from 'kysely';
import type { AccountRow, ContactRow, Database } from '../../store/schema.js';
import type { Caller } from '../../core/caller.js';
import { invalidParam, notFound } from '../../core/errors.js';
import { ContactFlag } from '../../core/message-types.js';
import type { Clock } from '../../core/time.js';
import type { AccountsService } from '../accounts/accounts.service.js';
import type { CommandClient } from '../commands/command-client.js';
import type { ContactsService } from '../contacts/contacts.service.js';
import { countRooms } from '../contacts/contacts.repository.js';
import { type ContactView } from '../../api/contact.js';
import { toContactView } from '../contacts/contact.view.js';
import { findMember, listMembers } from './rooms.repository.js';
import type { RoomMember, RoomMemberView } from '../../api/room-member.js';

/** Members older than this are refreshed from the gateway before they are shown. */
export const MEMBERS_STALE_MS = 10 * 60_000;
export const ROOM_MEMBERS_MAX = 500;

export class RoomsService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly accounts: AccountsService,
    private readonly contacts: ContactsService,
    private readonly commands: CommandClient,
    private readonly clock: Clock,
  ) {}

  /** Asks the gateway to create the room; it arrives as a room event. */
  async create(caller: Caller, input: { uin: string; members: string[]; topic: string; nickNames: Map<string, string> }): Promise<void> {
    const account = await this.accounts.resolve(caller, input.uin);
    const members = [...new Set(input.members.filter((m) => m && m !== account.user_name))];
    if (members.length < 2) throw invalidParam('userName', '至少需要两个其他成员');
    if (members.length > ROOM_MEMBERS_MAX) throw invalidParam('userName', `成员不能超过 ${ROOM_MEMBERS_MAX} 个`);
    await this.commands.send({
      kind: 'createRoom',
      uin: account.uin,
      topic: input.topic,
      members: members.map((userName) => ({
        userName,
        ...(input.nickNames.has(userName) ? { nickName: input.nickNames.get(userName) } : {}),
      })),
    });
  }

  async room(caller: Caller, uin: string, room: string) {
    const account = await this.accounts.resolve(caller, uin);
    const contact = await this.contacts.resolveByName(account, room, 'room.not_found');
    return { account, contact };
  }

  async setAnnouncement(caller: Caller, input: { uin: string; room: string; content: string }): Promise<void> {
    const { account, contact } = await this.room(caller, input.uin, input.room);
    await this.commands.send({ kind: 'setAnnouncement', uin: account.uin, room: contact.user_name, content: input.content });
  }

  async quit(caller: Caller, input: { uin: string; room: string }): Promise<void> {
    const { account, contact } = await this.room(caller, input.uin, input.room);
    await this.commands.send({ kind: 'quitRoom', uin: account.uin, room: contact.user_name });
  }

  /** The room's members from the store, refreshed from the gateway first when stale. */
  async members(caller: Caller, uin: string, room: string) {
    let { account, contact } = await this.room(caller, uin, room);
    const synced = contact.members_synced_at;
    if (synced === null || this.clock.now() - synced > MEMBERS_STALE_MS) {
      await this.commands.request({ kind: 'roomMembers', uin: account.uin, room: contact.user_name });
      ({ account, contact } = await this.room(caller, uin, room));
    }
    const rows = await listMembers(this.db, contact.id);
    const members: RoomMemberView[] = rows.map((r) => ({
      userName: r.user_name,
      nickName: r.nick_name,
      displayName: r.display_name,
      headImgUrl: r.head_img_url,
      pyInitial: r.py_initial,
      pyQuanPin: r.py_quan_pin,
      isOwner: r.is_owner === 1,
    }));
    const names = members.map((m) => m.userName);
    const friendRows = names.length
      ? await this.db
          .selectFrom('contacts')
          .select('user_name')
          .where('account_id', '=', account.id)
          .where('is_room', '=', 0)
          .where('is_delete', '=', 0)
          .where('contact_flag', '=', ContactFlag.friend)
          .where('user_name', 'in', names)
          .execute()
      : [];
    return { account, room: toContactView(contact), members, friends: new Set(friendRows.map((r) => r.user_name)) };
  }

  async memberCount(caller: Caller, uin: string, room: string) {
    const { contact } = await this.room(caller, uin, room);
    return { room: contact.user_name, memberCount: contact.member_count };
  }

  async roomCount(caller: Caller, uin: string) {
    const account = await this.accounts.resolve(caller, uin);
    return { uin: account.uin, roomCount: await countRooms(this.db, account.id) };
  }

  /** Saves or removes the room in the account's address book. */
  async saveToContacts(caller: Caller, input: { uin: string; room: string; save: boolean }): Promise<void> {
    const { account, contact } = await this.room(caller, input.uin, input.room);
    await this.commands.send({ kind: 'saveRoomToContacts', uin: account.uin, room: contact.user_name, save: input.save });
  }

  /**
   * The room behind a contact id, checked against the caller's rights, for calls that name
   * rooms by id (/api/v1): one lookup, and the rows it found serve the rest of the call.
   */
  async roomById(caller: Caller, contactId: number): Promise<{ account: AccountRow; contact: ContactRow }> {
    const found = await this.contacts.resolveById(caller, contactId);
    if (found.contact.is_room !== 1) throw notFound('room.not_found', String(contactId));
    return found;
  }

  async detailById(caller: Caller, contactId: number): Promise<ContactView> {
    return toContactView((await this.roomById(caller, contactId)).contact);
  }

  async setAnnouncementById(caller: Caller, input: { contactId: number; content: string }): Promise<void> {
    const { account, contact } = await this.roomById(caller, input.contactId);
    await this.commands.send({ kind: 'setAnnouncement', uin: account.uin, room: contact.user_name, content: input.content });
  }

  async quitById(caller: Caller, contactId: number): Promise<void> {
    const { account, contact } = await this.roomById(caller, contactId);
    await this.commands.send({ kind: 'quitRoom', uin: account.uin, room: contact.user_name });
  }

  /**
   * The members of the room behind a contact id, refreshed from the gateway first when
   * stale, each marked whether the account has them as a friend. The refresh changes the
   * member rows, not the room's or the account's ids, so the room is not looked up again.
   */
  async membersById(caller: Caller, contactId: number): Promise<RoomMember[]> {
    const { account, contact } = await this.roomById(caller, contactId);
    const synced = contact.members_synced_at;
    if (synced === null || this.clock.now() - synced > MEMBERS_STALE_MS)
      await this.commands.request({ kind: 'roomMembers', uin: account.uin, room: contact.user_name });
    const rows = await listMembers(this.db, contact.id);
    const names = rows.map((r) => r.user_name);
    const friends = await this.friendsAmong(account.id, names);
    return rows.map((r) => ({
      userName: r.user_name,
      nickName: r.nick_name,
      displayName: r.display_name,
      headImgUrl: r.head_img_url,
      pyInitial: r.py_initial,
      pyQuanPin: r.py_quan_pin,
      isOwner: r.is_owner === 1,
      isFriend: friends.has(r.user_name),
    }));
  }

  /** Which of these wxids the account has as a friend (not deleted). */
  private async friendsAmong(accountId: number, names: string[]): Promise<Set<string>> {
    if (names.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('contacts')
      .select('user_name')
      .where('account_id', '=', accountId)
      .where('is_room', '=', 0)
      .where('is_delete', '=', 0)
      .where('contact_flag', '=', ContactFlag.friend)
      .where('user_name', 'in', names)
      .execute();
    return new Set(rows.map((r) => r.user_name));
  }

  /** Whether the stored member list (when there is one) has this person; unknown lists say yes. */
  async mayBeMember(room: ContactRow, userName: string): Promise<boolean> {
    if (room.members_synced_at === null) return true;
    return (await findMember(this.db, room.id, userName)) !== undefined;
  }
}
