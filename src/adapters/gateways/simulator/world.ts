import type { Rng } from './random.js';
import {
  ACCOUNT_ROLES,
  ANNOUNCEMENTS,
  FANCY_NICKS,
  GIVEN_FEMALE,
  GIVEN_MALE,
  NICK_PREFIXES,
  REGIONS,
  REMARK_PREFIXES,
  REMARK_SUFFIXES,
  ROOM_TOPICS,
  SIGNATURES,
  SURNAMES,
} from './corpus.js';

/** Anyone in the simulated WeChat: an account's own profile, a friend or a stranger. */
export interface SimPerson {
  userName: string; // wxid_…
  realName: string;
  nickName: string;
  alias?: string;
  sex: number; // 1 male, 2 female
  province: string;
  city: string;
  signature: string;
  phone: string;
  qq: string;
  avatarKey: string;
}

export interface SimMember {
  userName: string;
  /** The member's nickname inside this room; '' when not set, as in WeChat. */
  displayName: string;
}

/** A room as one account sees it. Rooms are per account: two accounts never share one. */
export interface SimRoom {
  userName: string; // <11 digits>@chatroom
  topic: string;
  ownerUserName: string;
  announcement?: string;
  members: SimMember[];
  /** False once the account quit; the room stays so later commands can say so. */
  joined: boolean;
  savedToContacts: boolean;
  avatarKey: string;
}

export interface SimAccount {
  uin: string;
  self: SimPerson;
  /** Friends by wxid, with the remark this account gave them. */
  friends: Map<string, { remarkName?: string }>;
  rooms: Map<string, SimRoom>;
}

export interface World {
  readonly avatarBase: string;
  readonly accounts: SimAccount[];
  readonly byUin: Map<string, SimAccount>;
  /** Everyone, accounts included: the searchable directory. */
  readonly people: Map<string, SimPerson>;
  readonly byPhone: Map<string, SimPerson>;
  readonly byQq: Map<string, SimPerson>;
  readonly byAlias: Map<string, SimPerson>;
  /** Every id handed out so far, so runtime creations never collide with the seed's. */
  readonly usedIds: Set<string>;
}

export interface WorldOptions {
  accounts: number;
  avatarBase?: string | undefined;
}

// People beyond the accounts' friends, so rooms have strangers and searches find new people.
const EXTRA_STRANGERS = 60;
const PEOPLE_PER_ACCOUNT = 30;

export function buildWorld(opts: WorldOptions, rng: Rng): World {
  const world: World = {
    avatarBase: (opts.avatarBase ?? '/avatars').replace(/\/+$/, ''),
    accounts: [],
    byUin: new Map(),
    people: new Map(),
    byPhone: new Map(),
    byQq: new Map(),
    byAlias: new Map(),
    usedIds: new Set(),
  };
  const pool: SimPerson[] = [];
  for (let i = 0; i < opts.accounts * PEOPLE_PER_ACCOUNT + EXTRA_STRANGERS; i++) pool.push(addPerson(world, rng));
  for (let i = 0; i < opts.accounts; i++) addAccount(world, rng, pool);
  return world;
}

/**
 * Adds one account with friends and rooms drawn from `candidates`, people who are not
 * accounts themselves (by default everyone else in the world).
 */
export function addAccount(world: World, rng: Rng, candidates = nonAccounts(world)): SimAccount {
  const self = addPerson(world, rng);
  self.nickName = rng.chance(0.5) ? `${self.realName}-${rng.pick(ACCOUNT_ROLES)}` : `${rng.pick(ACCOUNT_ROLES)}${self.realName}`;
  const account: SimAccount = { uin: uniqueId(world, () => rng.digits(10)), self, friends: new Map(), rooms: new Map() };
  for (const id of pickOthers(rng, candidates, rng.int(25, 40), () => false)) {
    account.friends.set(id, rng.chance(0.3) ? { remarkName: makeRemark(rng, person(world, id)) } : {});
  }
  const friends = [...account.friends.keys()];
  const isFriend = (id: string): boolean => account.friends.has(id);
  // Distinct topics, so one account never shows two groups of the same name by accident.
  const topics = rng.sample(ROOM_TOPICS, rng.int(5, 8));
  for (const [i, topic] of topics.entries()) {
    const size = rng.int(4, 15);
    const fromFriends = rng.int(Math.ceil((size - 1) / 2), size - 1);
    const others = [...rng.sample(friends, fromFriends), ...pickOthers(rng, candidates, size - 1 - fromFriends, isFriend)];
    const room = makeRoom(world, rng, roomTopic(topic, i, self), [self.userName, ...others]);
    if (rng.chance(0.6)) room.ownerUserName = rng.pick(others);
    if (rng.chance(0.5)) room.announcement = rng.pick(ANNOUNCEMENTS);
    room.savedToContacts = rng.chance(0.5);
    account.rooms.set(room.userName, room);
  }
  world.accounts.push(account);
  world.byUin.set(account.uin, account);
  return account;
}

/** A new room owned by its first member, as createRoom makes and the world generator starts from. */
export function makeRoom(world: World, rng: Rng, topic: string, memberIds: string[]): SimRoom {
  const digits = uniqueId(world, () => rng.digits(11));
  return {
    userName: `${digits}@chatroom`,
    topic,
    ownerUserName: memberIds[0] ?? '',
    members: memberIds.map((userName) => ({ userName, displayName: groupDisplayName(world, rng, userName) })),
    joined: true,
    savedToContacts: false,
    avatarKey: `room-${digits}`,
  };
}

/**
 * Up to `n` distinct people for whom `skip` is false, by rejection: the directory can hold
 * thousands, and copying it for every room made large worlds slow to build.
 */
function pickOthers(rng: Rng, people: readonly SimPerson[], n: number, skip: (id: string) => boolean): string[] {
  const chosen = new Set<string>();
  for (let tries = 0; chosen.size < n && tries < n * 50; tries++) {
    const id = rng.pick(people).userName;
    if (!skip(id)) chosen.add(id);
  }
  // Small worlds can run out of luck; fall back to a scan so the counts still hold.
  for (const p of people) {
    if (chosen.size >= n) break;
    if (!skip(p.userName)) chosen.add(p.userName);
  }
  return [...chosen];
}

function nonAccounts(world: World): SimPerson[] {
  const accountIds = new Set(world.accounts.map((a) => a.self.userName));
  return [...world.people.values()].filter((p) => !accountIds.has(p.userName));
}

export function person(world: World, id: string): SimPerson {
  const found = world.people.get(id);
  if (!found) throw new Error(`模拟网关: 用户 ${id} 不存在`);
  return found;
}

function addPerson(world: World, rng: Rng): SimPerson {
  const sex = rng.chance(0.5) ? 1 : 2;
  const given = sex === 1 ? GIVEN_MALE : GIVEN_FEMALE;
  const realName = rng.pick(SURNAMES) + rng.pick(given) + (rng.chance(0.65) ? rng.pick(given) : '');
  const region = rng.pick(REGIONS);
  const userName = uniqueId(world, () => `wxid_${rng.alnum(14)}`);
  const person: SimPerson = {
    userName,
    realName,
    nickName: makeNick(rng, realName),
    sex,
    province: region.province,
    city: rng.pick(region.cities),
    signature: rng.pick(SIGNATURES),
    phone: uniqueId(world, () => rng.pick(['13', '15', '18']) + String(rng.int(0, 9)) + rng.digits(8).slice(0, 8)),
    qq: uniqueId(world, () => rng.digits(rng.int(6, 10))),
    avatarKey: userName,
  };
  // Some people set a custom WeChat ID (微信号); search by wxid finds those too.
  if (rng.chance(0.3)) person.alias = uniqueId(world, () => String.fromCharCode(97 + rng.int(0, 25)) + rng.alnum(rng.int(5, 9)));
  world.people.set(userName, person);
  world.byPhone.set(person.phone, person);
  world.byQq.set(person.qq, person);
  if (person.alias) world.byAlias.set(person.alias, person);
  return person;
}

function makeNick(rng: Rng, realName: string): string {
  const roll = rng.next();
  if (roll < 0.6) return realName;
  if (roll < 0.78) return `${rng.pick(NICK_PREFIXES)}-${realName}`;
  return rng.pick(FANCY_NICKS);
}

function makeRemark(rng: Rng, person: SimPerson): string {
  const roll = rng.next();
  if (roll < 0.5) return person.realName + rng.pick(REMARK_SUFFIXES);
  if (roll < 0.8) return rng.pick(REMARK_PREFIXES) + person.realName;
  return `${person.realName.slice(0, 1)}总`;
}

function roomTopic(template: string, index: number, self: SimPerson): string {
  return template.replace('{n}', String(index + 1)).replace('{city}', self.city);
}

function groupDisplayName(world: World, rng: Rng, userName: string): string {
  const person = world.people.get(userName);
  if (!person || !rng.chance(0.25)) return '';
  return `${person.city}-${person.realName}`;
}

/** Draws from `make` until it produces an id the world has not used (collisions are rare). */
export function uniqueId(world: World, make: () => string): string {
  for (;;) {
    const id = make();
    if (!world.usedIds.has(id)) {
      world.usedIds.add(id);
      return id;
    }
  }
}
