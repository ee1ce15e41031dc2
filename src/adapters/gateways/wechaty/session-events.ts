import { createHash } from 'node:crypto';
import { MsgType } from '../../../core/message-types.js';
import type { GatewayEvent, MessageInfo } from '../../../ports/gateway.js';
import type { SharedContext } from './context.js';
import { epochMs, toMessageInfo } from './messages.js';
import { isFriend, memberOf, profileOf, roomOf } from './profiles.js';
import type { AccountSession } from './session.js';
import { FriendshipType, type PuppetEventMap, type PuppetLike } from './types.js';

/** Contacts per chunk when the address book is replayed. */
const SYNC_CHUNK = 50;

/**
 * What a logged-in account's puppet reports, turned into gateway events: messages (with the
 * echo of a desk send matched to its tokenId), room changes (each also written into the room
 * as a system line, as WeChat shows them), friend requests, and the address book.
 */
export class SessionEvents {
  /** People whose profile was reported to the desk in this session. */
  private readonly known = new Set<string>();

  constructor(
    private readonly ctx: SharedContext,
    private readonly s: AccountSession,
  ) {}

  listen(p: PuppetLike): void {
    const on = <E extends 'message' | 'room-join' | 'room-leave' | 'room-topic' | 'friendship'>(
      event: E,
      fn: (e: PuppetEventMap[E]) => Promise<void>,
    ) => p.on(event, (e) => this.s.enqueue(event, () => (this.s.state === 'online' ? fn(e) : Promise.resolve())));
    on('message', (e) => this.message(e.messageId));
    on('room-join', (e) => this.roomJoin(e));
    on('room-leave', (e) => this.roomLeave(e));
    on('room-topic', (e) => this.roomTopic(e));
    on('friendship', (e) => this.friendship(e.friendshipId));
  }

  private get uin(): string {
    if (!this.s.uin) throw new Error('session has no account yet');
    return this.s.uin;
  }

  private emit(event: GatewayEvent): void {
    this.ctx.emit(event);
  }

  async message(messageId: string): Promise<void> {
    const p = await this.s.puppet.messagePayload(messageId);
    const selfId = this.s.selfId ?? '';
    const talker = p.talkerId ?? p.fromId ?? '';
    // The account's own message may be the echo of a desk send: it then carries the send's tokenId.
    const tokenId = talker === selfId ? this.s.sends.claim(p, p.roomId ?? p.listenerId ?? p.toId ?? '', epochMs(p.timestamp)) : undefined;
    if (talker !== selfId && !p.roomId) await this.introduce(talker);
    const warn = (o: object, m: string) => this.ctx.log.warn({ ...o, uin: this.s.uin }, m);
    const info = await toMessageInfo({ puppet: this.s.puppet, selfId, rooms: this.s.rooms, media: this.ctx.media, warn }, p, {
      skipMedia: !!tokenId,
    });
    if (tokenId) info.tokenId = tokenId;
    this.emit({ type: 'message', uin: this.uin, message: info });
  }

  /** A friend writing for the first time (added on the phone since the last sync) gets a profile first. */
  private async introduce(id: string): Promise<void> {
    if (!id || this.known.has(id)) return;
    this.known.add(id);
    const contact = await this.s.puppet.contactPayload(id).catch(() => undefined);
    if (contact && isFriend(contact, this.s.selfId ?? '')) this.emit({ type: 'contact', uin: this.uin, contacts: [profileOf(contact)] });
  }

  /** The room as it is now, and its members. */
  async reportRoom(roomId: string, opts: { dirty?: boolean; topic?: string } = {}): Promise<void> {
    const { puppet } = this.s;
    if (opts.dirty) {
      await puppet.roomPayloadDirty(roomId);
      await puppet.roomMemberPayloadDirty(roomId);
    }
    const payload = await puppet.roomPayload(roomId);
    const room = roomOf(this.s.rooms, opts.topic !== undefined ? { ...payload, topic: opts.topic } : payload);
    this.emit({ type: 'room', uin: this.uin, room });
    const members = [];
    for (const id of await puppet.roomMemberList(roomId)) {
      const m = await puppet.roomMemberPayload(roomId, id).catch(() => undefined);
      if (m) members.push(memberOf(m, payload.ownerId));
    }
    this.emit({ type: 'roomMembers', uin: this.uin, room: room.userName, members });
  }

  private async roomJoin(e: PuppetEventMap['room-join']): Promise<void> {
    await this.reportRoom(e.roomId, { dirty: true });
    const names = await this.names(e.inviteeIdList);
    this.system(e.roomId, `room-join:${e.inviteeIdList.join(',')}`, e.timestamp, `${await this.who(e.inviterId)}邀请"${names}"加入了群聊`);
  }

  private async roomLeave(e: PuppetEventMap['room-leave']): Promise<void> {
    const selfId = this.s.selfId;
    if (selfId && e.removeeIdList.includes(selfId)) {
      // Removed: the room can no longer be read; say so with what is known.
      const payload = await this.s.puppet
        .roomPayload(e.roomId)
        .catch(() => ({ id: e.roomId, topic: '', memberIdList: [], adminIdList: [] }));
      this.emit({ type: 'room', uin: this.uin, room: roomOf(this.s.rooms, payload, { isDelete: true }) });
    } else {
      await this.reportRoom(e.roomId, { dirty: true });
    }
    const names = await this.names(e.removeeIdList);
    const text =
      e.removerId && !e.removeeIdList.includes(e.removerId)
        ? `${await this.who(e.removerId)}将"${names}"移出了群聊`
        : `"${names}"退出了群聊`;
    this.system(e.roomId, `room-leave:${e.removeeIdList.join(',')}`, e.timestamp, text);
  }

  private async roomTopic(e: PuppetEventMap['room-topic']): Promise<void> {
    await this.reportRoom(e.roomId, { dirty: true, topic: e.newTopic });
    this.system(e.roomId, `room-topic:${e.newTopic}`, e.timestamp, `${await this.who(e.changerId)}修改群名为"${e.newTopic}"`);
  }

  private async friendship(friendshipId: string): Promise<void> {
    const { puppet } = this.s;
    const f = await puppet.friendshipPayload(friendshipId);
    const at = this.ctx.now();
    if (f.type === FriendshipType.Receive) {
      this.emit({
        type: 'friendRequest',
        uin: this.uin,
        userName: f.contactId,
        status: 'received',
        ...(f.hello ? { verify: f.hello } : {}),
        at,
      });
    } else if (f.type === FriendshipType.Confirm) {
      this.emit({ type: 'friendRequest', uin: this.uin, userName: f.contactId, status: 'accepted', at });
      await puppet.contactPayloadDirty(f.contactId);
      this.emit({ type: 'contact', uin: this.uin, contacts: [profileOf({ ...(await puppet.contactPayload(f.contactId)), friend: true })] });
    }
    // Verify (the other side asks this account to verify) needs no record of its own.
  }

  /**
   * Replays the address book: friends in chunks, then every room with its members.
   * `progress` hears how many of the candidates were done.
   */
  async syncAll(progress?: (done: number, total: number) => void): Promise<{ friends: number; rooms: number }> {
    const { puppet } = this.s;
    const selfId = this.s.selfId ?? '';
    const contactIds = (await puppet.contactList()).filter((id) => id !== selfId);
    const roomIds = await puppet.roomList();
    const total = contactIds.length + roomIds.length;
    let done = 0;
    for (let i = 0; i < contactIds.length; i += SYNC_CHUNK) {
      const chunk = contactIds.slice(i, i + SYNC_CHUNK);
      const payloads = await Promise.all(chunk.map((id) => puppet.contactPayload(id).catch(() => undefined)));
      const friends = payloads.filter((c) => c !== undefined && isFriend(c, selfId)).map((c) => profileOf(c!));
      for (const f of friends) this.known.add(f.userName);
      if (friends.length) this.emit({ type: 'contact', uin: this.uin, contacts: friends });
      done += chunk.length;
      progress?.(done, total);
    }
    for (const id of roomIds) {
      await this.reportRoom(id).catch((err: unknown) => this.ctx.log.warn({ err, uin: this.s.uin, room: id }, 'room not synced'));
      progress?.(++done, total);
    }
    return { friends: contactIds.length, rooms: roomIds.length };
  }

  /** A system line in the room (msgType 10000), with an id stable across redeliveries. */
  private system(roomId: string, what: string, timestamp: number, content: string): void {
    const room = this.s.rooms.desk(roomId);
    timestamp ||= this.ctx.now();
    const msgId = `sys-${createHash('sha256').update(`${roomId}|${what}|${timestamp}`).digest('hex').slice(0, 24)}`;
    const message: MessageInfo = {
      msgId,
      fromUserName: room,
      toUserName: this.s.selfId ?? '',
      senderUserName: room,
      msgType: MsgType.system,
      content,
      createTime: timestamp < 1e12 ? timestamp * 1000 : timestamp,
    };
    this.emit({ type: 'message', uin: this.uin, message });
  }

  /** `"name"` of someone, or 你 for the account itself, as WeChat words it. */
  private async who(id: string): Promise<string> {
    return id === this.s.selfId ? '你' : `"${await this.name(id)}"`;
  }

  private async names(ids: string[]): Promise<string> {
    return (await Promise.all(ids.map((id) => (id === this.s.selfId ? Promise.resolve('你') : this.name(id))))).join('、');
  }

  private async name(id: string): Promise<string> {
    try {
      return (await this.s.puppet.contactPayload(id)).name || id;
    } catch {
      return id;
    }
  }
}
