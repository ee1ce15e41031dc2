import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { Caller } from '../../core/caller.js';
import type { Clock } from '../../core/time.js';
import type { MemberDetail, SearchResult, SearchType } from '../../ports/gateway.js';
import type { AccountsService } from '../accounts/accounts.service.js';
import type { CommandClient } from '../commands/command-client.js';
import type { ContactsService } from '../contacts/contacts.service.js';
import type { RoomsService } from '../rooms/rooms.service.js';
import { invalidParam, notFound } from '../../core/errors.js';
import type { Account } from '../accounts/account.js';
import type { Contact } from '../contacts/contact.js';
import { FriendRequestStatus } from '../../core/message-types.js';
import type { FriendRequestView } from '../../api/friend-request.js';
import * as repo from './friends.repository.js';
import { toFriendRequestView } from './friend-request.view.js';

export const VERIFY_DEFAULT = '你好';

/** People beyond the address book: room members, searched users, friend requests. */
export class FriendsService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly accounts: AccountsService,
    private readonly contacts: ContactsService,
    private readonly rooms: RoomsService,
    private readonly commands: CommandClient,
    private readonly clock: Clock,
  ) {}

  async memberDetail(caller: Caller, input: { uin: string; room: string; userName: string }): Promise<MemberDetail> {
    const account = await this.accounts.resolve(caller, input.uin);
    const room = await this.memberRoom(account, input.room, input.userName);
    this.accounts.requireOnline(account);
    return (await this.commands.request({ kind: 'memberDetail', uin: account.uin, room: room.userName, userName: input.userName })).detail;
  }

  /** Records a friend request to a room member and sends it; its status follows the events. */
  async addFromRoom(caller: Caller, input: { uin: string; room: string; userName: string; verify?: string }): Promise<FriendRequestView> {
    const account = await this.accounts.resolve(caller, input.uin);
    notSelf(account, input.userName);
    const room = await this.memberRoom(account, input.room, input.userName);
    const verify = input.verify?.trim() || VERIFY_DEFAULT;
    const request = await this.record(account, input.userName, room.userName, verify);
    await this.commands.send({ kind: 'addFriendFromRoom', uin: account.uin, room: room.userName, userName: input.userName, verify });
    return request;
  }

  /** As memberDetail, for a room named by its contact id: the room is looked up once. */
  async memberDetailByRoomId(caller: Caller, input: { contactId: number; userName: string }): Promise<MemberDetail> {
    const { account, contact: room } = await this.rooms.roomById(caller, input.contactId);
    await this.checkMember(room, input.userName);
    this.accounts.requireOnline(account);
    return (await this.commands.request({ kind: 'memberDetail', uin: account.uin, room: room.userName, userName: input.userName })).detail;
  }

  /** As addFromRoom, for a room named by its contact id: the room is looked up once. */
  async addFromRoomById(caller: Caller, input: { contactId: number; userName: string; verify?: string }): Promise<FriendRequestView> {
    const { account, contact: room } = await this.rooms.roomById(caller, input.contactId);
    notSelf(account, input.userName);
    await this.checkMember(room, input.userName);
    const verify = input.verify?.trim() || VERIFY_DEFAULT;
    const request = await this.record(account, input.userName, room.userName, verify);
    await this.commands.send({ kind: 'addFriendFromRoom', uin: account.uin, room: room.userName, userName: input.userName, verify });
    return request;
  }

  /** A friend request to someone found by search, with the ticket the search gave. */
  async addSearched(caller: Caller, input: { uin: string; userName: string; ticket: string; verify?: string }): Promise<FriendRequestView> {
    const account = await this.accounts.resolve(caller, input.uin);
    notSelf(account, input.userName);
    const verify = input.verify?.trim() || VERIFY_DEFAULT;
    const request = await this.record(account, input.userName, null, verify);
    await this.commands.send({ kind: 'addFriend', uin: account.uin, userName: input.userName, ticket: input.ticket, verify });
    return request;
  }

  private async record(account: Account, userName: string, room: string | null, verify: string): Promise<FriendRequestView> {
    const row = await repo.insertRequest(this.db, {
      account_id: account.id,
      user_name: userName,
      room_user_name: room,
      verify,
      status: FriendRequestStatus.sent,
      now: this.clock.now(),
    });
    return toFriendRequestView(account.uin, row);
  }

  /** A user search; `param` names the query in the caller's API when it is blank. */
  async search(caller: Caller, input: { uin: string; query: string; type: SearchType }, param = 'q'): Promise<SearchResult | null> {
    const query = input.query.trim();
    if (!query) throw invalidParam(param, '不能为空');
    const account = await this.accounts.resolve(caller, input.uin);
    this.accounts.requireOnline(account);
    return (await this.commands.request({ kind: 'searchUser', uin: account.uin, query, type: input.type })).found;
  }

  /** Asks the gateway for the contact's current profile; it arrives as a contact event. */
  async refreshContact(caller: Caller, input: { uin: string; userName: string }): Promise<void> {
    const account = await this.accounts.resolve(caller, input.uin);
    await this.commands.send({ kind: 'refreshContact', uin: account.uin, userName: input.userName });
  }

  /** As refreshContact, for a contact named by its id: the id alone names the account. */
  async refreshContactById(caller: Caller, contactId: number): Promise<void> {
    const { account, contact } = await this.contacts.resolveById(caller, contactId);
    await this.commands.send({ kind: 'refreshContact', uin: account.uin, userName: contact.userName });
  }

  async requests(caller: Caller, uin: string, limit: number): Promise<FriendRequestView[]> {
    const account = await this.accounts.resolve(caller, uin);
    return (await repo.listRequests(this.db, account.id, limit)).map((r) => toFriendRequestView(account.uin, r));
  }

  /** No access check: for the event hub, which filters by account itself. */
  async viewOf(id: number): Promise<FriendRequestView | undefined> {
    const r = await repo.findRequest(this.db, id);
    const account = r && (await this.accounts.findById(r.account_id));
    return r && account ? toFriendRequestView(account.uin, r) : undefined;
  }

  /** A stranger's wxid is a 404 and a room the account left a 409, not a gateway fault. */
  private async checkMember(room: Contact, userName: string): Promise<void> {
    this.rooms.requireJoined(room);
    if (!(await this.rooms.mayBeMember(room, userName))) throw notFound('contact.not_found', `${userName} 不是该群成员`);
  }

  /** The room, checked to be joined and to hold that member: a 409 or a 404, not a gateway fault. */
  private async memberRoom(account: Account, roomName: string, userName: string) {
    const room = await this.contacts.resolveByName(account, roomName, 'room.not_found');
    this.rooms.requireJoined(room);
    if (!(await this.rooms.mayBeMember(room, userName))) throw notFound('contact.not_found', `${userName} 不是该群成员`);
    return room;
  }
}

/** WeChat cannot befriend itself: refused before anything is recorded. */
function notSelf(account: Account, userName: string): void {
  if (userName === account.userName) throw invalidParam('userName', '不能添加自己为好友');
}
