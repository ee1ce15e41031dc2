import { createHash } from 'node:crypto';
import type { AccountInfo, MemberDetail, ProfileInfo, RoomInfo, RoomMemberInfo, SearchResult } from '../../../ports/gateway.js';
import { ContactType, type ContactPayload, type RoomMemberPayload, type RoomPayload } from './types.js';

/** Turns puppet payloads into the port's shapes, and puppet ids into wxdesk's names. */

const ROOM_SUFFIX = '@chatroom';

/**
 * Wechaty has no numeric uin. wxdesk derives one from the account's own id (its wxid with the
 * iPad protocol): the same account always gets the same 10-digit uin, on any gateway node.
 */
export function uinOf(selfId: string): string {
  const n = BigInt(`0x${createHash('sha256').update(`wechaty:${selfId}`).digest('hex').slice(0, 15)}`);
  return String(1_000_000_000n + (n % 9_000_000_000n));
}

/**
 * Whether the puppet's ids are only valid for one login: the web protocol names everyone
 * `@…` / rooms `@@…`, afresh at each login. Such an id cannot identify an account.
 */
export const isSessionScopedId = (id: string): boolean => id.startsWith('@');

/**
 * wxdesk knows a room by a name ending in `@chatroom` (as WeChat's own ids do with the iPad
 * protocol). Puppets whose room ids do not (the web protocol's `@@…`) get the suffix added on
 * the way in and removed on the way out.
 */
export class RoomIds {
  private readonly toPuppet = new Map<string, string>();

  desk(puppetRoomId: string): string {
    if (puppetRoomId.endsWith(ROOM_SUFFIX)) return puppetRoomId;
    const name = `${puppetRoomId}${ROOM_SUFFIX}`;
    this.toPuppet.set(name, puppetRoomId);
    return name;
  }

  puppet(deskName: string): string {
    const known = this.toPuppet.get(deskName);
    if (known) return known;
    return deskName.startsWith('@@') && deskName.endsWith(ROOM_SUFFIX) ? deskName.slice(0, -ROOM_SUFFIX.length) : deskName;
  }
}

/** Only absolute http(s) avatars can be shown by a browser; the web protocol's need its cookies. */
export const avatarUrl = (avatar: string | undefined): string => (avatar && /^https?:\/\//i.test(avatar) ? avatar : '');

export function profileOf(c: ContactPayload): ProfileInfo {
  const p: ProfileInfo = {
    userName: c.id,
    nickName: c.name ?? '',
    headImgUrl: avatarUrl(c.avatar),
    sex: c.gender === 1 || c.gender === 2 ? c.gender : 0,
    province: c.province ?? '',
    city: c.city ?? '',
    signature: c.signature ?? '',
  };
  if (c.alias) p.remarkName = c.alias;
  if (c.weixin) p.alias = c.weixin;
  return p;
}

export function accountOf(uin: string, self: ContactPayload): AccountInfo {
  const { remarkName: _ignored, ...profile } = profileOf(self);
  return { uin, ...profile };
}

/**
 * A contact the desk should list as a friend: a person (not an official account) who is a
 * friend, or whose puppet does not say (`friend` unset).
 */
export const isFriend = (c: ContactPayload, selfId: string): boolean =>
  c.id !== selfId && c.friend !== false && (c.type === ContactType.Individual || c.type === ContactType.Unknown || c.type === undefined);

export function roomOf(rooms: RoomIds, r: RoomPayload, opts: { isDelete?: boolean } = {}): RoomInfo {
  const info: RoomInfo = {
    userName: rooms.desk(r.id),
    topic: r.topic ?? '',
    headImgUrl: avatarUrl(r.avatar),
    ownerUserName: r.ownerId ?? '',
    memberCount: r.memberIdList?.length ?? 0,
  };
  if (opts.isDelete) info.isDelete = true;
  return info;
}

export function memberOf(m: RoomMemberPayload, ownerId: string | undefined): RoomMemberInfo {
  return {
    userName: m.id,
    nickName: m.name ?? '',
    displayName: m.roomAlias ?? '',
    headImgUrl: avatarUrl(m.avatar),
    isOwner: !!ownerId && m.id === ownerId,
  };
}

export function memberDetailOf(m: RoomMemberPayload, c: ContactPayload | undefined): MemberDetail {
  const base: ProfileInfo = c ? profileOf(c) : { userName: m.id, nickName: m.name ?? '', headImgUrl: avatarUrl(m.avatar) };
  return { ...base, displayName: m.roomAlias ?? '', isFriend: c?.friend === true };
}

/** A found user; the puppet keeps the search ticket itself, so none is handed out. */
export function searchResultOf(c: ContactPayload): SearchResult {
  const p = profileOf(c);
  return {
    userName: p.userName,
    nickName: p.nickName,
    headImgUrl: p.headImgUrl,
    sex: p.sex ?? 0,
    province: p.province ?? '',
    city: p.city ?? '',
    signature: p.signature ?? '',
    ticket: '',
  };
}
