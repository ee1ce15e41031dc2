import { MsgType } from '../../../core/message-types.js';
import type { GatewayEvent, MessageInfo } from '../../../ports/gateway.js';
import { avatarSvg } from './avatar.js';
import { GENERIC_REPLIES, INBOUND_TEXTS, MEDIA_REPLIES, REPLY_RULES, ROOM_TEXTS } from './corpus.js';
import type { Rng } from './random.js';
import type { SimRuntime } from './runtime.js';
import { avatarUrl, memberInfos, roomInfo, shownName } from './views.js';
import type { SimAccount, SimRoom } from './world.js';

/** People writing in on their own: friends in single chats, members in rooms. */

// Rooms stop growing from simulated invitations past this size.
const MAX_ROOM_GROWTH = 40;

/** Starts one account's inbound stream: a Poisson process of `rate` messages per second. */
export function startTraffic(rt: SimRuntime, account: SimAccount, rate: number, rng: Rng): void {
  const gap = (): number => Math.max(1, rng.poissonGapMs(rate));
  const tick = (): void => {
    // A logged-out account hears nothing, but its stream keeps its place for when it returns.
    if (rt.online.has(account.uin)) for (const event of randomInbound(rt, account, rng)) rt.emit(event);
    rt.later(gap(), tick);
  };
  rt.later(gap(), tick);
}

export function randomInbound(rt: SimRuntime, account: SimAccount, rng: Rng): GatewayEvent[] {
  const rooms = [...account.rooms.values()].filter((r) => r.joined && r.members.length > 1);
  const friends = [...account.friends.keys()];
  if (rooms.length > 0 && (friends.length === 0 || rng.chance(0.4))) return roomChatter(rt, account, rng.pick(rooms), rng);
  if (friends.length === 0) return [];
  const from = rng.pick(friends);
  const message = rng.chance(0.12)
    ? imageMessage(rt, rng, { fromUserName: from, toUserName: account.self.userName, senderUserName: from })
    : textMessage(rt, from, account.self.userName, from, rng.pick(INBOUND_TEXTS));
  return [{ type: 'message', uin: account.uin, message }];
}

function roomChatter(rt: SimRuntime, account: SimAccount, room: SimRoom, rng: Rng): GatewayEvent[] {
  const self = account.self.userName;
  const others = room.members.filter((m) => m.userName !== self).map((m) => m.userName);
  const sender = rng.pick(others);
  if (rng.chance(0.05)) {
    const invited = inviteStranger(rt, account, room, sender, rng);
    if (invited) return invited;
  }
  const message = rng.chance(0.1)
    ? imageMessage(rt, rng, { fromUserName: room.userName, toUserName: self, senderUserName: sender })
    : textMessage(rt, room.userName, self, sender, rng.pick(rng.chance(0.3) ? ROOM_TEXTS : INBOUND_TEXTS));
  return [{ type: 'message', uin: account.uin, message }];
}

/** A member brings someone new into the room: the system line, then the room's new shape. */
function inviteStranger(rt: SimRuntime, account: SimAccount, room: SimRoom, inviter: string, rng: Rng): GatewayEvent[] | undefined {
  if (room.members.length >= MAX_ROOM_GROWTH) return undefined;
  const inRoom = new Set(room.members.map((m) => m.userName));
  const accountIds = new Set(rt.world.accounts.map((a) => a.self.userName));
  const everyone = [...rt.world.people.keys()];
  // A few draws are enough; a crowded room is not worth a search for the last outsider.
  for (let attempt = 0; attempt < 5; attempt++) {
    const candidate = rng.pick(everyone);
    if (inRoom.has(candidate) || accountIds.has(candidate)) continue;
    room.members.push({ userName: candidate, displayName: '' });
    const content = `"${shownName(rt.world, account, inviter)}"邀请"${shownName(rt.world, account, candidate)}"加入了群聊`;
    return [
      { type: 'message', uin: account.uin, message: systemMessage(rt, room.userName, account.self.userName, content) },
      { type: 'room', uin: account.uin, room: roomInfo(rt.world, room) },
      { type: 'roomMembers', uin: account.uin, room: room.userName, members: memberInfos(rt.world, room) },
    ];
  }
  return undefined;
}

export function textMessage(rt: SimRuntime, from: string, to: string, sender: string, content: string): MessageInfo {
  return rt.message({ fromUserName: from, toUserName: to, senderUserName: sender, msgType: MsgType.text, content });
}

/** System lines (msgType 10000) come from the room itself, which is also their sender. */
export function systemMessage(rt: SimRuntime, room: string, to: string, content: string): MessageInfo {
  return rt.message({ fromUserName: room, toUserName: to, senderUserName: room, msgType: MsgType.system, content });
}

/** A picture someone sends: an identicon wxdesk can serve like any avatar. */
function imageMessage(rt: SimRuntime, rng: Rng, who: Pick<MessageInfo, 'fromUserName' | 'toUserName' | 'senderUserName'>): MessageInfo {
  const key = `img-${rng.hex(16)}`;
  return rt.message({
    ...who,
    msgType: MsgType.image,
    content: '[图片]',
    url: avatarUrl(rt.world, key),
    fileName: `${key}.svg`,
    fileSize: Buffer.byteLength(avatarSvg(key)),
  });
}

/** What a person answers to `sent`; media gets an acknowledgement. */
export function replyText(rng: Rng, sent: string | undefined): string {
  if (sent === undefined) return rng.pick(MEDIA_REPLIES);
  const rule = REPLY_RULES.find((r) => r.words.some((w) => sent.includes(w)));
  return rng.pick(rule?.replies ?? GENERIC_REPLIES);
}
