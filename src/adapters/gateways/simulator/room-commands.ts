import type { CommandOf, CommandResults } from '../../../ports/gateway.js';
import type { Rng } from './random.js';
import type { SimRuntime } from './runtime.js';
import { systemMessage } from './traffic.js';
import { memberDetail, memberInfos, profileOf, roomInfo, shownName } from './views.js';
import { makeRoom, type SimAccount, type SimRoom } from './world.js';

/** Room commands. Each validates fully before changing anything, so a failure changes nothing. */

export function createRoom(rt: SimRuntime, rng: Rng, cmd: CommandOf<'createRoom'>): CommandResults['createRoom'] {
  const account = rt.onlineAccount(cmd.uin);
  const self = account.self.userName;
  const known = knownPeople(account);
  const memberIds = [...new Set(cmd.members.map((m) => m.userName))].filter((id) => id !== self);
  if (memberIds.length === 0) throw new Error('模拟网关: 建群至少需要一名其他成员');
  for (const id of memberIds) {
    if (!rt.world.people.has(id)) throw new Error(`模拟网关: 用户 ${id} 不存在`);
    if (!known.has(id)) throw new Error(`模拟网关: ${id} 既不是好友，也不在账号 uin=${cmd.uin} 的任何群聊中`);
  }
  const names = memberIds.map((id) => shownName(rt.world, account, id));
  // WeChat names an untitled group after its first members.
  const topic = cmd.topic.trim() || names.slice(0, 3).join('、');
  const room = makeRoom(rt.world, rng, topic, [self, ...memberIds]);
  account.rooms.set(room.userName, room);
  emitRoom(rt, account, room, true);
  rt.emit({
    type: 'message',
    uin: account.uin,
    message: systemMessage(rt, room.userName, self, `你邀请"${names.join('、')}"加入了群聊`),
  });
  return { room: room.userName };
}

export function setAnnouncement(rt: SimRuntime, cmd: CommandOf<'setAnnouncement'>): CommandResults['setAnnouncement'] {
  const account = rt.onlineAccount(cmd.uin);
  const room = rt.joinedRoom(account, cmd.room);
  const content = cmd.content.trim();
  if (content) room.announcement = content;
  else delete room.announcement;
  emitRoom(rt, account, room, false);
  const line = content ? `你修改了群公告："${content}"` : '你清空了群公告';
  rt.emit({ type: 'message', uin: account.uin, message: systemMessage(rt, room.userName, account.self.userName, line) });
  return {};
}

export function quitRoom(rt: SimRuntime, cmd: CommandOf<'quitRoom'>): CommandResults['quitRoom'] {
  const account = rt.onlineAccount(cmd.uin);
  const room = rt.joinedRoom(account, cmd.room);
  const self = account.self.userName;
  room.members = room.members.filter((m) => m.userName !== self);
  room.joined = false;
  // The group lives on for the others; ownership passes to the longest-standing member.
  if (room.ownerUserName === self) room.ownerUserName = room.members[0]?.userName ?? '';
  emitRoom(rt, account, room, false);
  return {};
}

export function roomMembers(rt: SimRuntime, cmd: CommandOf<'roomMembers'>): CommandResults['roomMembers'] {
  const account = rt.onlineAccount(cmd.uin);
  return { members: memberInfos(rt.world, rt.joinedRoom(account, cmd.room)) };
}

export function getMemberDetail(rt: SimRuntime, cmd: CommandOf<'memberDetail'>): CommandResults['memberDetail'] {
  const account = rt.onlineAccount(cmd.uin);
  return { detail: memberDetail(rt.world, account, rt.joinedRoom(account, cmd.room), cmd.userName) };
}

export function saveRoomToContacts(rt: SimRuntime, cmd: CommandOf<'saveRoomToContacts'>): CommandResults['saveRoomToContacts'] {
  const account = rt.onlineAccount(cmd.uin);
  const room = rt.joinedRoom(account, cmd.room);
  room.savedToContacts = cmd.save;
  emitRoom(rt, account, room, false);
  return {};
}

/**
 * Sends a friend request through a room. The simulated person always accepts after `delayMs`;
 * asking an existing friend succeeds too, with nothing new to add.
 */
export function addFriendFromRoom(
  rt: SimRuntime,
  delayMs: number,
  cmd: CommandOf<'addFriendFromRoom'>,
): CommandResults['addFriendFromRoom'] {
  const account = rt.onlineAccount(cmd.uin);
  const room = rt.joinedRoom(account, cmd.room);
  if (cmd.userName === account.self.userName) throw new Error('模拟网关: 不能添加自己为好友');
  if (!room.members.some((m) => m.userName === cmd.userName)) {
    throw new Error(`模拟网关: ${cmd.userName} 不是群聊 ${cmd.room} 的成员`);
  }
  acceptLater(rt, account, delayMs, cmd.userName, cmd.verify, cmd.room);
  return {};
}

/** Simulated people accept every friend request after a while. */
export function acceptLater(rt: SimRuntime, account: SimAccount, delayMs: number, userName: string, verify: string, room?: string): void {
  const key = `${account.uin}:${userName}`;
  if (rt.pendingFriendRequests.has(key)) return;
  rt.pendingFriendRequests.add(key);
  rt.later(delayMs, () => {
    rt.pendingFriendRequests.delete(key);
    const isNew = !account.friends.has(userName);
    if (isNew) account.friends.set(userName, {});
    if (!rt.online.has(account.uin)) return; // the new friend shows up in the next login's contacts
    rt.emit({ type: 'friendRequest', uin: account.uin, userName, status: 'accepted', verify, ...(room ? { room } : {}), at: rt.now() });
    if (isNew) rt.emit({ type: 'contact', uin: account.uin, contacts: [profileOf(rt.world, account, userName)] });
  });
}

function emitRoom(rt: SimRuntime, account: SimAccount, room: SimRoom, withMembers: boolean): void {
  rt.emit({ type: 'room', uin: account.uin, room: roomInfo(rt.world, room) });
  if (withMembers) rt.emit({ type: 'roomMembers', uin: account.uin, room: room.userName, members: memberInfos(rt.world, room) });
}

/** Friends plus everyone the account shares a room with: who it can pull into a new group. */
function knownPeople(account: SimAccount): Set<string> {
  const known = new Set(account.friends.keys());
  for (const room of account.rooms.values()) {
    if (room.joined) for (const m of room.members) known.add(m.userName);
  }
  return known;
}
