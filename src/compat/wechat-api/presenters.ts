import { mediaTypeLabel } from '../../core/message-types.js';
import { formatDateTime } from '../../core/time.js';
import type { AccountView } from '../../api/account.js';
import type { ContactView } from '../../api/contact.js';
import type { ConversationView } from '../../api/conversation.js';
import type { MessageView } from '../../api/message.js';
import type { RoomMemberView } from '../../api/room-member.js';

/** The seed's names and shapes, built from wxdesk's views. Nothing here decides anything. */

const CHILD_ID = '01';

export function wechatUser(a: AccountView, tz: string) {
  return {
    wechatUserId: a.id,
    uin: a.uin,
    userName: a.userName,
    nickName: a.nickName,
    headImgUrl: a.headImgUrl,
    remarkName: null,
    remarkPYInitial: null,
    remarkPYQuanPin: null,
    sex: '',
    status: a.online ? 1 : 0,
    verifyFlag: '0',
    adminUserId: null,
    createTime: formatDateTime(a.createdAt, tz),
    lastLoginTime: a.lastLoginAt === null ? null : formatDateTime(a.lastLoginAt, tz),
    lastLoginIP: null,
    secName: null,
    flag: null,
    wechatMeta: null,
    serverId: a.gatewayNode,
    childId: CHILD_ID,
    mqServerId: `${a.gatewayNode}_${CHILD_ID}`,
    meta: null,
    snsBg: null,
    area: null,
    signature: null,
    phone: null,
    bindQQ: null,
    pyinitial: null,
    pyquanPin: null,
  };
}

/**
 * The JSON strings a page of conversations carries are the costliest part of answering it:
 * lastMsg holds wechatUser as JSON, so both are escaped again inside the answer. A page
 * repeats a handful of accounts, and a conversation's last message seldom changes between
 * two polls: each distinct value is written once. The keys hold every field that shows, so
 * a cached string is never stale; the oldest entry goes when the cache is full.
 */
class JsonMemo {
  private readonly entries = new Map<string, string>();
  constructor(private readonly max: number) {}

  get(key: string, write: () => unknown): string {
    let json = this.entries.get(key);
    if (json === undefined) {
      if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, (json = JSON.stringify(write())));
    }
    return json;
  }
}

const userJson = new JsonMemo(1_000);
const lastMsgJson = new JsonMemo(5_000);
const accountKey = (a: AccountView, tz: string) =>
  [a.id, a.uin, a.userName, a.nickName, a.headImgUrl, a.online, a.gatewayNode, a.createdAt, a.lastLoginAt, tz].join('\u0000');

const wechatUserJson = (a: AccountView, tz: string, key = accountKey(a, tz)) => userJson.get(key, () => wechatUser(a, tz));

/** lastMsg as the JSON string a conversation row carries. */
function lastMsgString(m: MessageView, a: AccountView, tz: string): string {
  const account = accountKey(a, tz);
  const key = [
    m.id,
    m.msgId,
    m.tokenId,
    m.fromUserName,
    m.toUserName,
    m.msgType,
    m.content,
    m.fileName,
    m.fileSize,
    m.url,
    m.isOut,
    m.sendStatus,
    m.createTime,
    account,
  ].join('\u0000');
  return lastMsgJson.get(key, () => lastMsg(m, a, tz, account));
}

export function lastMsg(m: MessageView, a: AccountView, tz: string, account = accountKey(a, tz)) {
  const label = mediaTypeLabel(m.msgType);
  return {
    content: m.content,
    createTime: m.createTime,
    ...(label
      ? { fileName: m.fileName ?? '', fileSize: m.fileSize === null ? '' : String(m.fileSize), type: label, url: m.url ?? '' }
      : {}),
    fromUserName: m.fromUserName,
    loginer: m.isOut ? '1' : '0',
    msgId: m.msgId ?? '',
    msgSourceCd: m.isOut ? 11 : 1,
    msgType: m.msgType,
    queueName: `queue.${m.isOut ? 'sendMsg' : 'receiveMsg'}_${a.gatewayNode}`,
    sendStatus: m.sendStatus,
    toUserName: m.toUserName,
    tokenId: m.tokenId ?? '',
    uin: a.uin,
    wechatUser: wechatUserJson(a, tz, account),
  };
}

export function singleConversation(c: ConversationView, tz: string) {
  return {
    wechatContactId: c.contact.id,
    contactFlag: c.contact.contactFlag,
    wechatUserUin: c.account.uin,
    nickName: c.contact.nickName,
    remarkName: c.contact.remarkName,
    contactType: 0,
    userName: c.contact.userName,
    wechatUserName: c.account.userName,
    headImgUrl: c.contact.headImgUrl,
    createTime: formatDateTime(c.time, tz),
    lastMsg: lastMsgString(c.lastMessage, c.account, tz),
    wechatUserId: c.account.id,
    uin: c.account.uin,
    time: c.time,
    unreadCount: c.unread,
  };
}

export function roomConversation(c: ConversationView, tz: string) {
  return {
    createTime: formatDateTime(c.time, tz),
    wechatContactId: c.contact.id,
    wechatUserId: c.account.id,
    chatRoomSettings: String(c.contact.setting),
    contactType: 0,
    uin: c.account.uin,
    wechatUserUin: c.account.uin,
    wechatUserName: c.account.userName,
    userName: c.contact.userName,
    nickName: c.contact.nickName,
    remarkName: c.contact.remarkName,
    contactFlag: c.contact.contactFlag,
    isDelete: c.contact.isDelete ? 1 : 0,
    headImgUrl: c.contact.headImgUrl,
    isSaving: null,
    seq: c.contact.userName,
    verifyFlag: '0',
    pyinitial: c.contact.pyInitial,
    pyquanPin: c.contact.pyQuanPin,
    time: c.time,
    lastMsg: lastMsgString(c.lastMessage, c.account, tz),
    unreadCount: c.unread,
  };
}

export function member(m: RoomMemberView, room: ContactView, uin: string, friends: ReadonlySet<string>) {
  return {
    PYInitial: m.pyInitial,
    PYQuanPin: m.pyQuanPin,
    alias: '',
    appAccountFlag: 0,
    attrStatus: '',
    chatRoomId: 0,
    city: '',
    displayName: m.displayName,
    encryChatRoomId: '',
    headImgUrl: m.headImgUrl,
    isOwner: m.isOwner ? 1 : 0,
    keyWord: '',
    memberId: 0,
    memberStatus: 0,
    nickName: m.nickName,
    province: '',
    remarkName: '',
    remarkPYInitial: '',
    remarkPYQuanPin: '',
    signature: '',
    snsFlag: 0,
    starFriend: 0,
    statues: 0,
    uin: '',
    uniFriend: friends.has(m.userName) ? 1 : 0,
    userName: m.userName,
    wechatContactId: room.id,
    wechatContactUserName: room.userName,
    wechatUserUin: uin,
  };
}
