import { isRoomName } from '../../../core/message-types.js';
import type { CommandOf, CommandResults, GatewayEvent } from '../../../ports/gateway.js';
import type { Rng } from './random.js';
import type { SimRuntime } from './runtime.js';
import { acceptLater } from './room-commands.js';
import { friendProfiles, profileOf, roomInfo, searchResult } from './views.js';
import type { SimPerson } from './world.js';

/** Contact commands: search, refresh and the chunked contact sync. */

const SYNC_CHUNK = 10;
// Small gaps so progress is visibly asynchronous without slowing tests down.
const SYNC_STEP_MS = 20;

export function searchUser(rt: SimRuntime, rng: Rng, cmd: CommandOf<'searchUser'>): CommandResults['searchUser'] {
  const account = rt.onlineAccount(cmd.uin);
  const query = cmd.query.trim();
  if (!query) throw new Error('模拟网关: 搜索内容不能为空');
  const { world } = rt;
  let found: SimPerson | undefined;
  switch (cmd.type) {
    case 'wxid':
      // WeChat's search box takes the custom WeChat ID as well as the raw wxid.
      found = world.people.get(query) ?? world.byAlias.get(query.toLowerCase());
      break;
    case 'phone':
      found = world.byPhone.get(query.replace(/^\+?86/, '').replace(/[\s-]/g, ''));
      break;
    case 'qq':
      found = world.byQq.get(query);
      break;
    default:
      throw new Error(`模拟网关: 未知的搜索类型 ${String(cmd.type as unknown)}`);
  }
  if (!found) return { found: null };
  // Only strangers need a ticket to be asked for friendship.
  const stranger = found.userName !== account.self.userName && !account.friends.has(found.userName);
  return { found: searchResult(world, found, stranger ? `v4_${rng.hex(32)}@stranger` : '') };
}

/** A friend request to someone found by search; a stranger needs the search's ticket. */
export function addFriend(rt: SimRuntime, delayMs: number, cmd: CommandOf<'addFriend'>): CommandResults['addFriend'] {
  const account = rt.onlineAccount(cmd.uin);
  if (cmd.userName === account.self.userName) throw new Error('模拟网关: 不能添加自己为好友');
  if (!rt.world.people.has(cmd.userName)) throw new Error(`模拟网关: 找不到用户 ${cmd.userName}`);
  if (!account.friends.has(cmd.userName) && !cmd.ticket.startsWith('v4_')) throw new Error('模拟网关: 需要先搜索该用户 (ticket 无效)');
  acceptLater(rt, account, delayMs, cmd.userName, cmd.verify);
  return {};
}

export function refreshContact(rt: SimRuntime, cmd: CommandOf<'refreshContact'>): CommandResults['refreshContact'] {
  const account = rt.onlineAccount(cmd.uin);
  if (isRoomName(cmd.userName)) {
    const room = account.rooms.get(cmd.userName);
    if (!room) throw new Error(`模拟网关: 账号 uin=${cmd.uin} 没有群聊 ${cmd.userName}`);
    rt.emit({ type: 'room', uin: account.uin, room: roomInfo(rt.world, room) });
    return {};
  }
  // Only friends are contacts; a stranger's profile would turn into a contact downstream.
  if (!account.friends.has(cmd.userName)) throw new Error(`模拟网关: ${cmd.userName} 不是账号 uin=${cmd.uin} 的联系人`);
  rt.emit({ type: 'contact', uin: account.uin, contacts: [profileOf(rt.world, account, cmd.userName)] });
  return {};
}

/**
 * Replays the account's friends (in chunks) and rooms, saving the rooms to the address book;
 * one step every SYNC_STEP_MS, each followed by a progress event. Answers at once with totals.
 */
export function syncContacts(rt: SimRuntime, cmd: CommandOf<'syncContacts'>): CommandResults['syncContacts'] {
  const account = rt.onlineAccount(cmd.uin);
  const friends = friendProfiles(rt.world, account);
  // Syncing saves every joined room to the address book (同步群聊到手机通讯录), as the command means.
  const joined = [...account.rooms.values()].filter((r) => r.joined);
  for (const r of joined) r.savedToContacts = true;
  const rooms = joined.map((r) => roomInfo(rt.world, r));
  const steps: { events: GatewayEvent[]; count: number }[] = [];
  for (let i = 0; i < friends.length; i += SYNC_CHUNK) {
    const contacts = friends.slice(i, i + SYNC_CHUNK);
    steps.push({ events: [{ type: 'contact', uin: account.uin, contacts }], count: contacts.length });
  }
  for (let i = 0; i < rooms.length; i += SYNC_CHUNK) {
    const chunk = rooms.slice(i, i + SYNC_CHUNK);
    steps.push({ events: chunk.map((room) => ({ type: 'room', uin: account.uin, room })), count: chunk.length });
  }
  if (steps.length === 0) steps.push({ events: [], count: 0 });

  const total = friends.length + rooms.length;
  const progress = (done: number, finished: boolean, error?: string): GatewayEvent => ({
    type: 'jobProgress',
    uin: account.uin,
    jobId: cmd.jobId,
    done,
    total,
    finished,
    ...(error ? { error } : {}),
  });
  let done = 0;
  const run = (index: number): void => {
    if (!rt.online.has(account.uin)) {
      rt.emit(progress(done, true, '账号已离线，同步中断'));
      return;
    }
    const step = steps[index];
    if (!step) return;
    for (const event of step.events) rt.emit(event);
    done += step.count;
    const last = index === steps.length - 1;
    rt.emit(progress(done, last));
    if (!last) rt.later(SYNC_STEP_MS, () => run(index + 1));
  };
  rt.later(SYNC_STEP_MS, () => run(0));
  return { friends: friends.length, rooms: rooms.length };
}
