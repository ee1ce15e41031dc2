/**
 * What wxdesk and WeChat say to each other, in wxdesk's words: the commands a gateway carries
 * out, what they answer, and the events it reports. Pure data, so the core (notifications)
 * and every port and adapter can share it without depending on one another.
 */

export interface ProfileInfo {
  userName: string;
  nickName: string;
  headImgUrl: string;
  remarkName?: string;
  alias?: string;
  sex?: number; // 0 unknown, 1 male, 2 female
  province?: string;
  city?: string;
  signature?: string;
}

export interface AccountInfo extends ProfileInfo {
  uin: string;
}

export interface RoomMemberInfo {
  userName: string;
  nickName: string;
  displayName: string;
  headImgUrl: string;
  isOwner: boolean;
}

export interface RoomInfo {
  userName: string; // …@chatroom
  topic: string;
  headImgUrl: string;
  ownerUserName: string;
  announcement?: string;
  memberCount: number;
  /** Set when the account left or was removed. */
  isDelete?: boolean;
  savedToContacts?: boolean;
}

export interface MessageInfo {
  msgId: string;
  fromUserName: string;
  toUserName: string;
  /** In a room, the member who wrote; otherwise the same as fromUserName. */
  senderUserName: string;
  msgType: number;
  content: string;
  createTime: number; // epoch ms
  fileName?: string;
  fileSize?: number;
  url?: string;
  /** Set for messages the account itself sent (from this desk or from the phone). */
  tokenId?: string;
}

export interface MemberDetail extends ProfileInfo {
  displayName: string;
  isFriend: boolean;
}

export interface SearchResult {
  userName: string;
  nickName: string;
  headImgUrl: string;
  sex: number;
  province: string;
  city: string;
  signature: string;
  /** Ticket needed to send a friend request to a stranger. */
  ticket: string;
}

/** Commands, one per thing wxdesk asks of WeChat. Every command names its account by uin. */
export type GatewayCommand =
  | { kind: 'login'; uin?: string }
  | { kind: 'logout'; uin: string }
  | { kind: 'sendText'; uin: string; to: string; text: string; tokenId: string }
  | { kind: 'sendMedia'; uin: string; to: string; msgType: number; url: string; fileName: string; fileSize: number; tokenId: string }
  | { kind: 'createRoom'; uin: string; topic: string; members: { userName: string; nickName?: string }[] }
  | { kind: 'setAnnouncement'; uin: string; room: string; content: string }
  | { kind: 'quitRoom'; uin: string; room: string }
  | { kind: 'roomMembers'; uin: string; room: string }
  | { kind: 'memberDetail'; uin: string; room: string; userName: string }
  | { kind: 'addFriendFromRoom'; uin: string; room: string; userName: string; verify: string }
  /** A friend request to someone found by searchUser, with the ticket the search answered. */
  | { kind: 'addFriend'; uin: string; userName: string; ticket: string; verify: string }
  | { kind: 'searchUser'; uin: string; query: string; type: SearchType }
  | { kind: 'refreshContact'; uin: string; userName: string }
  | { kind: 'syncContacts'; uin: string; jobId: number }
  | { kind: 'saveRoomToContacts'; uin: string; room: string; save: boolean };

export type SearchType = 'wxid' | 'phone' | 'qq';
export type CommandKind = GatewayCommand['kind'];
export type CommandOf<K extends CommandKind> = Extract<GatewayCommand, { kind: K }>;

/** What each command answers synchronously; the lasting effects arrive as events. */
export interface CommandResults {
  login: { uin?: string };
  logout: Record<string, never>;
  sendText: { msgId: string; createTime: number };
  sendMedia: { msgId: string; createTime: number };
  createRoom: { room: string };
  setAnnouncement: Record<string, never>;
  quitRoom: Record<string, never>;
  roomMembers: { members: RoomMemberInfo[] };
  memberDetail: { detail: MemberDetail };
  addFriendFromRoom: Record<string, never>;
  addFriend: Record<string, never>;
  searchUser: { found: SearchResult | null };
  refreshContact: Record<string, never>;
  syncContacts: { friends: number; rooms: number };
  saveRoomToContacts: Record<string, never>;
}

export const ALL_COMMANDS: readonly CommandKind[] = [
  'login',
  'logout',
  'sendText',
  'sendMedia',
  'createRoom',
  'setAnnouncement',
  'quitRoom',
  'roomMembers',
  'memberDetail',
  'addFriendFromRoom',
  'addFriend',
  'searchUser',
  'refreshContact',
  'syncContacts',
  'saveRoomToContacts',
];

/** Events a gateway reports. `commandResult` is produced by the gateway role, not adapters. */
export type GatewayEvent =
  | { type: 'qr'; uin?: string; qrUrl: string; at: number }
  | { type: 'login'; account: AccountInfo; gatewayNode: string; at: number }
  | { type: 'logout'; uin: string; reason: string; at: number }
  | { type: 'message'; uin: string; message: MessageInfo }
  | { type: 'contact'; uin: string; contacts: ProfileInfo[]; removed?: string[] }
  | { type: 'room'; uin: string; room: RoomInfo }
  | { type: 'roomMembers'; uin: string; room: string; members: RoomMemberInfo[] }
  | {
      type: 'friendRequest';
      uin: string;
      userName: string;
      status: 'accepted' | 'rejected' | 'received';
      verify?: string;
      room?: string;
      at: number;
    }
  | { type: 'jobProgress'; uin: string; jobId: number; done: number; total: number; finished: boolean; error?: string }
  | CommandResultEvent;

/** The account an event is about (a QR code shown before any login has none yet). */
export const accountOf = (e: GatewayEvent): string | undefined => (e.type === 'login' ? e.account.uin : e.uin);

export interface CommandResultEvent {
  type: 'commandResult';
  uin: string;
  correlationId: string;
  command: GatewayCommand;
  ok: boolean;
  result?: CommandResults[CommandKind];
  error?: { code: 'gateway.unsupported' | 'gateway.failed'; message: string };
  at: number;
}
