import { MsgType, isRoomName } from '../../../core/message-types.js';
import { GatewayUnsupportedError, type CommandKind, type CommandOf, type CommandResults } from '../../../ports/gateway.js';
import { puppetCall } from './capabilities.js';
import type { SharedContext } from './context.js';
import { isFriend, memberDetailOf, memberOf, profileOf, searchResultOf } from './profiles.js';
import type { AccountSession } from './session.js';

export type Handlers = { [K in CommandKind]: (command: CommandOf<K>) => Promise<CommandResults[K]> };

export interface CommandDeps {
  ctx: SharedContext;
  /** The account's session, logged in; throws a clear error otherwise. */
  online(uin: string): AccountSession;
  login(uin: string | undefined): Promise<CommandResults['login']>;
  logout(uin: string): Promise<CommandResults['logout']>;
}

/** Media a puppet can send as a file. Voice needs the SILK codec, emoji/card/location other calls. */
const SENDABLE_MEDIA: ReadonlySet<number> = new Set([MsgType.image, MsgType.video, MsgType.app]);

/**
 * Each command of the port as puppet calls. A puppet that cannot do a call (its
 * "Unsupported API" error) ends as GatewayUnsupportedError through puppetCall, never as a
 * silent success. Results wait for the puppet; lasting effects also arrive as events.
 */
export function commandHandlers(deps: CommandDeps): Handlers {
  const { ctx } = deps;
  const name = ctx.gatewayName;

  /** The send's WeChat id: the puppet's answer, else its echo, else (reported late) a placeholder. */
  async function sendWith(
    s: AccountSession,
    kind: 'sendText' | 'sendMedia',
    to: string,
    tokenId: string,
    text: string | undefined,
    call: () => Promise<void | string>,
  ) {
    const pending = s.sends.expect({ tokenId, to, ...(text !== undefined ? { text } : {}) });
    let id: void | string;
    try {
      id = await puppetCall(name, kind, call);
    } catch (err) {
      pending.cancel();
      throw err;
    }
    if (id) {
      pending.setId(id);
      return { msgId: id, createTime: ctx.now() };
    }
    // A late echo still carries the tokenId and replaces the placeholder id in the store.
    return (await pending.wait(ctx.timing.echoWaitMs)) ?? { msgId: `wxdesk-${tokenId}`, createTime: ctx.now() };
  }

  return {
    login: (c) => deps.login(c.uin),
    logout: (c) => deps.logout(c.uin),

    sendText: async (c) => {
      const s = deps.online(c.uin);
      const to = s.rooms.puppet(c.to);
      return sendWith(s, 'sendText', to, c.tokenId, c.text, () => s.puppet.messageSendText(to, c.text));
    },

    sendMedia: async (c) => {
      const s = deps.online(c.uin);
      if (!SENDABLE_MEDIA.has(c.msgType)) throw new GatewayUnsupportedError(name, 'sendMedia', `msgType ${c.msgType} 不能作为文件发送`);
      const to = s.rooms.puppet(c.to);
      const file = await ctx.media.outgoing(c.url, c.fileName);
      return sendWith(s, 'sendMedia', to, c.tokenId, undefined, () => s.puppet.messageSendFile(to, file));
    },

    createRoom: async (c) => {
      const s = deps.online(c.uin);
      const ids = [...new Set(c.members.map((m) => m.userName))].filter((id) => id !== s.selfId);
      if (ids.length === 0) throw new Error('建群至少需要一名其他成员');
      const roomId = await puppetCall(name, 'createRoom', () => s.puppet.roomCreate(ids, c.topic || undefined));
      const room = s.rooms.desk(roomId);
      await s.events.reportRoom(roomId, { dirty: true }).catch(() => {
        // Not readable yet: report what the command itself says.
        ctx.emit({
          type: 'room',
          uin: c.uin,
          room: { userName: room, topic: c.topic, headImgUrl: '', ownerUserName: s.selfId ?? '', memberCount: ids.length + 1 },
        });
      });
      return { room };
    },

    setAnnouncement: async (c) => {
      const s = deps.online(c.uin);
      await puppetCall(name, 'setAnnouncement', () => s.puppet.roomAnnounce(s.rooms.puppet(c.room), c.content));
      return {};
    },

    quitRoom: async (c) => {
      const s = deps.online(c.uin);
      await puppetCall(name, 'quitRoom', () => s.puppet.roomQuit(s.rooms.puppet(c.room)));
      return {};
    },

    roomMembers: async (c) => {
      const s = deps.online(c.uin);
      const roomId = s.rooms.puppet(c.room);
      return puppetCall(name, 'roomMembers', async () => {
        await s.puppet.roomPayloadDirty(roomId);
        await s.puppet.roomMemberPayloadDirty(roomId);
        const room = await s.puppet.roomPayload(roomId);
        const members = [];
        for (const id of await s.puppet.roomMemberList(roomId))
          members.push(memberOf(await s.puppet.roomMemberPayload(roomId, id), room.ownerId));
        return { members };
      });
    },

    memberDetail: async (c) => {
      const s = deps.online(c.uin);
      const roomId = s.rooms.puppet(c.room);
      return puppetCall(name, 'memberDetail', async () => {
        if (!(await s.puppet.roomMemberList(roomId)).includes(c.userName)) throw new Error(`${c.userName} 不是群聊 ${c.room} 的成员`);
        const member = await s.puppet.roomMemberPayload(roomId, c.userName);
        const contact = await s.puppet.contactPayload(c.userName).catch(() => undefined);
        return { detail: memberDetailOf(member, contact) };
      });
    },

    addFriendFromRoom: async (c) => {
      const s = deps.online(c.uin);
      await puppetCall(name, 'addFriendFromRoom', () =>
        s.puppet.friendshipAdd(c.userName, { roomId: s.rooms.puppet(c.room), hello: c.verify }),
      );
      return {};
    },

    // The puppet keeps the ticket of its own search; wxdesk's is not needed.
    addFriend: async (c) => {
      const s = deps.online(c.uin);
      await puppetCall(name, 'addFriend', () => s.puppet.friendshipAdd(c.userName, c.verify));
      return {};
    },

    searchUser: async (c) => {
      const s = deps.online(c.uin);
      const query = c.query.trim();
      if (!query) throw new Error('搜索内容不能为空');
      let id: string | null;
      switch (c.type) {
        case 'wxid':
          id = await puppetCall(name, 'searchUser', () => s.puppet.friendshipSearchWeixin(query));
          break;
        case 'phone':
          id = await puppetCall(name, 'searchUser', () => s.puppet.friendshipSearchPhone(query));
          break;
        case 'qq':
          throw new GatewayUnsupportedError(name, 'searchUser', 'Wechaty 不能按 QQ 号搜索');
        default:
          throw new Error(`未知的搜索类型 ${String(c.type as unknown)}`);
      }
      return { found: id ? searchResultOf(await s.puppet.contactPayload(id)) : null };
    },

    refreshContact: async (c) => {
      const s = deps.online(c.uin);
      if (isRoomName(c.userName)) {
        await s.events.reportRoom(s.rooms.puppet(c.userName), { dirty: true });
        return {};
      }
      await s.puppet.contactPayloadDirty(c.userName);
      const contact = await s.puppet.contactPayload(c.userName);
      // A stranger's profile would turn into a friend downstream.
      if (!isFriend(contact, s.selfId ?? '')) throw new Error(`${c.userName} 不是账号 uin=${c.uin} 的好友`);
      ctx.emit({ type: 'contact', uin: c.uin, contacts: [profileOf(contact)] });
      return {};
    },

    syncContacts: async (c) => {
      const s = deps.online(c.uin);
      const contacts = (await s.puppet.contactList()).filter((id) => id !== s.selfId).length;
      const rooms = (await s.puppet.roomList()).length;
      const progress = (done: number, total: number, finished: boolean, error?: string) =>
        ctx.emit({ type: 'jobProgress', uin: c.uin, jobId: c.jobId, done, total, finished, ...(error ? { error } : {}) });
      let last = { done: 0, total: contacts + rooms };
      // Answers at once with the totals; the replay and its progress follow as events.
      void s.events
        .syncAll((done, total) => {
          last = { done, total };
          progress(done, total, false);
        })
        .then(() => progress(last.done, last.total, true))
        .catch((err: unknown) => progress(last.done, last.total, true, err instanceof Error ? err.message : String(err)));
      return { friends: contacts, rooms };
    },

    saveRoomToContacts: async () => {
      throw new GatewayUnsupportedError(name, 'saveRoomToContacts', 'Wechaty 没有"保存到通讯录"的接口');
    },
  };
}
