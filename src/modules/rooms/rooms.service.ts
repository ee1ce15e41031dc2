import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { Contact } from '../contacts/contact.js';
import type { Account } from '../accounts/account.js';
import type { Caller } from '../../core/caller.js';
import { AppError, invalidParam, notFound } from '../../core/errors.js';
import type { Clock } from '../../core/time.js';
import type { AccountsService } from '../accounts/accounts.service.js';
import type { CommandClient } from '../commands/command-client.js';
import type { ContactsService } from '../contacts/contacts.service.js';
import { type ContactView } from '../../api/contact.js';
import { viewOfContact } from '../contacts/contact.view.js';
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
    const members = [...new Set(input.members.filter((m) => m && m !== account.userName))];
    if (members.length < 2) throw invalidParam('userName', '至少需要两个其他成员');
    if (members.length > ROOM_MEMBERS_MAX) throw invalidParam('userName', `成员不能超过 ${ROOM_MEMBERS_MAX} 个`);
    await this.commands.send({
      kind: 'createRoom',
      uin: account.uin,
      topic: input.topic,
      members: members.map((userName) => {
        const nickName = input.nickNames.get(userName);
        return { userName, ...(nickName !== undefined ? { nickName } : {}) };
      }),
    });
  }

  async room(caller: Caller, uin: string, room: string) {
    const account = await this.accounts.resolve(caller, uin);
    const contact = await this.contacts.resolveByName(account, room, 'room.not_found');
    return { account, contact };
  }

  /**
   * A room the account has left is still in the store (its history, its last members) but
   * can no longer be acted on: a 409 before any command, not a gateway fault or a silent no-op.
   */
  requireJoined(room: Contact): void {
    if (room.isDelete) throw new AppError('conflict', `已退出该群聊: ${room.userName}`);
  }

  /** Members are refreshed from the gateway when stale, if it can: not for a room the account left or an account offline. */
  private needsRefresh(account: Account, room: Contact): boolean {
    const synced = room.membersSyncedAt;
    return (synced === null || this.clock.now() - synced > MEMBERS_STALE_MS) && !room.isDelete && account.online;
  }

  async setAnnouncement(caller: Caller, input: { uin: string; room: string; content: string }): Promise<void> {
    const { account, contact } = await this.room(caller, input.uin, input.room);
    this.requireJoined(contact);
    await this.commands.send({ kind: 'setAnnouncement', uin: account.uin, room: contact.userName, content: input.content });
  }

  async quit(caller: Caller, input: { uin: string; room: string }): Promise<void> {
    const { account, contact } = await this.room(caller, input.uin, input.room);
    this.requireJoined(contact);
    await this.commands.send({ kind: 'quitRoom', uin: account.uin, room: contact.userName });
  }

  /** The room's members from the store, refreshed from the gateway first when stale (and it can be). */
  async members(caller: Caller, uin: string, room: string) {
    let { account, contact } = await this.room(caller, uin, room);
    // The refresh changes the room's count and owner too: the contract shows them.
    if (await this.refreshIfStale(account, contact)) ({ account, contact } = await this.room(caller, uin, room));
    const { members, friends } = await this.storedMembers(account, contact);
    return { account, room: viewOfContact(contact), members, friends };
  }

  async memberCount(caller: Caller, uin: string, room: string) {
    const { contact } = await this.room(caller, uin, room);
    return { room: contact.userName, memberCount: contact.memberCount };
  }

  async roomCount(caller: Caller, uin: string) {
    const account = await this.accounts.resolve(caller, uin);
    return { uin: account.uin, roomCount: await this.contacts.countRooms(account.id) };
  }

  /** Saves or removes the room in the account's address book. */
  async saveToContacts(caller: Caller, input: { uin: string; room: string; save: boolean }): Promise<void> {
    const { account, contact } = await this.room(caller, input.uin, input.room);
    this.requireJoined(contact);
    await this.commands.send({ kind: 'saveRoomToContacts', uin: account.uin, room: contact.userName, save: input.save });
  }

  /**
   * The room behind a contact id, checked against the caller's rights, for calls that name
   * rooms by id (/api/v1): one lookup, and the rows it found serve the rest of the call.
   */
  async roomById(caller: Caller, contactId: number): Promise<{ account: Account; contact: Contact }> {
    const found = await this.contacts.resolveById(caller, contactId);
    if (!found.contact.isRoom) throw notFound('room.not_found', String(contactId));
    return found;
  }

  async detailById(caller: Caller, contactId: number): Promise<ContactView> {
    return viewOfContact((await this.roomById(caller, contactId)).contact);
  }

  async setAnnouncementById(caller: Caller, input: { contactId: number; content: string }): Promise<void> {
    const { account, contact } = await this.roomById(caller, input.contactId);
    this.requireJoined(contact);
    await this.commands.send({ kind: 'setAnnouncement', uin: account.uin, room: contact.userName, content: input.content });
  }

  async quitById(caller: Caller, contactId: number): Promise<void> {
    const { account, contact } = await this.roomById(caller, contactId);
    this.requireJoined(contact);
    await this.commands.send({ kind: 'quitRoom', uin: account.uin, room: contact.userName });
  }

  /**
   * The members of the room behind a contact id, refreshed from the gateway first when
   * stale (and it can be), each marked whether the account has them as a friend. The
   * refresh changes the member rows, not the room's or the account's ids, so the room is
   * not looked up again.
   */
  async membersById(caller: Caller, contactId: number): Promise<RoomMember[]> {
    const { account, contact } = await this.roomById(caller, contactId);
    await this.refreshIfStale(account, contact);
    const { members, friends } = await this.storedMembers(account, contact);
    return members.map((m) => ({ ...m, isFriend: friends.has(m.userName) }));
  }

  /** Asks the gateway for the member list when the stored one is missing or old (and it can answer); answers whether it asked. */
  private async refreshIfStale(account: Account, room: Contact): Promise<boolean> {
    if (!this.needsRefresh(account, room)) return false;
    await this.commands.request({ kind: 'roomMembers', uin: account.uin, room: room.userName });
    return true;
  }

  private async storedMembers(account: Account, room: Contact): Promise<{ members: RoomMemberView[]; friends: Set<string> }> {
    const members = (await listMembers(this.db, room.id)).map((r): RoomMemberView => ({
      userName: r.user_name,
      nickName: r.nick_name,
      displayName: r.display_name,
      headImgUrl: r.head_img_url,
      pyInitial: r.py_initial,
      pyQuanPin: r.py_quan_pin,
      isOwner: r.is_owner === 1,
    }));
    const friends = await this.contacts.friendNames(
      account.id,
      members.map((m) => m.userName),
    );
    return { members, friends };
  }

  /** Whether the stored member list (when there is one) has this person; unknown lists say yes. */
  async mayBeMember(room: Contact, userName: string): Promise<boolean> {
    if (room.membersSyncedAt === null) return true;
    return (await findMember(this.db, room.id, userName)) !== undefined;
  }
}
