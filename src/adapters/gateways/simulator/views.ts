import type { AccountInfo, MemberDetail, ProfileInfo, RoomInfo, RoomMemberInfo, SearchResult } from '../../../ports/gateway.js';
import { person, type SimAccount, type SimPerson, type SimRoom, type World } from './world.js';

/** Turns world records into the port's shapes; the only place headImgUrl is built. */

export const avatarUrl = (world: World, key: string): string => `${world.avatarBase}/${key}.svg`;

/** A profile as `account` sees it: its remark for that person when they are friends. */
export function profileOf(world: World, account: SimAccount, userName: string): ProfileInfo {
  const p = person(world, userName);
  const profile: ProfileInfo = {
    userName: p.userName,
    nickName: p.nickName,
    headImgUrl: avatarUrl(world, p.avatarKey),
    sex: p.sex,
    province: p.province,
    city: p.city,
    signature: p.signature,
  };
  const remarkName = account.friends.get(userName)?.remarkName;
  if (remarkName) profile.remarkName = remarkName;
  if (p.alias) profile.alias = p.alias;
  return profile;
}

export function accountInfo(world: World, account: SimAccount): AccountInfo {
  return { uin: account.uin, ...profileOf(world, account, account.self.userName) };
}

export function friendProfiles(world: World, account: SimAccount): ProfileInfo[] {
  return [...account.friends.keys()].map((id) => profileOf(world, account, id));
}

export function roomInfo(world: World, room: SimRoom): RoomInfo {
  const info: RoomInfo = {
    userName: room.userName,
    topic: room.topic,
    headImgUrl: avatarUrl(world, room.avatarKey),
    ownerUserName: room.ownerUserName,
    memberCount: room.members.length,
    savedToContacts: room.savedToContacts,
  };
  if (room.announcement !== undefined) info.announcement = room.announcement;
  if (!room.joined) info.isDelete = true;
  return info;
}

export function memberInfos(world: World, room: SimRoom): RoomMemberInfo[] {
  return room.members.map((m) => {
    const p = person(world, m.userName);
    return {
      userName: m.userName,
      nickName: p.nickName,
      displayName: m.displayName,
      headImgUrl: avatarUrl(world, p.avatarKey),
      isOwner: m.userName === room.ownerUserName,
    };
  });
}

export function memberDetail(world: World, account: SimAccount, room: SimRoom, userName: string): MemberDetail {
  const member = room.members.find((m) => m.userName === userName);
  if (!member) throw new Error(`模拟网关: ${userName} 不是群 ${room.userName} 的成员`);
  return {
    ...profileOf(world, account, userName),
    displayName: member.displayName,
    isFriend: account.friends.has(userName),
  };
}

export function searchResult(world: World, p: SimPerson, ticket: string): SearchResult {
  return {
    userName: p.userName,
    nickName: p.nickName,
    headImgUrl: avatarUrl(world, p.avatarKey),
    sex: p.sex,
    province: p.province,
    city: p.city,
    signature: p.signature,
    ticket,
  };
}

/** The name WeChat shows this account for someone: its remark, else their nickname. */
export function shownName(world: World, account: SimAccount, userName: string): string {
  if (userName === account.self.userName) return '你';
  return account.friends.get(userName)?.remarkName ?? person(world, userName).nickName;
}
