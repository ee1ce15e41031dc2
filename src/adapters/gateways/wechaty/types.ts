/**
 * The small part of Wechaty, wechaty-puppet, memory-card and file-box this adapter uses,
 * typed here so that the project type-checks without those packages installed (they are
 * optional and loaded with a dynamic import). Names and values follow wechaty-puppet 1.x
 * (`wechaty-puppet/types`, `wechaty-puppet/payloads`).
 */

/** wechaty-puppet `types.Message`. */
export const PuppetMessageType = {
  Unknown: 0,
  Attachment: 1,
  Audio: 2,
  Contact: 3,
  ChatHistory: 4,
  Emoticon: 5,
  Image: 6,
  Text: 7,
  Location: 8,
  MiniProgram: 9,
  GroupNote: 10,
  Transfer: 11,
  RedEnvelope: 12,
  Recalled: 13,
  Url: 14,
  Video: 15,
  Post: 16,
} as const;

/** wechaty-puppet `types.ScanStatus`. */
export const ScanStatus = { Unknown: 0, Cancel: 1, Waiting: 2, Scanned: 3, Confirmed: 4, Timeout: 5 } as const;

/** wechaty-puppet `types.Friendship`. */
export const FriendshipType = { Unknown: 0, Confirm: 1, Receive: 2, Verify: 3 } as const;

/** wechaty-puppet `types.Contact`. */
export const ContactType = { Unknown: 0, Individual: 1, Official: 2, Corporation: 3 } as const;

/** wechaty-puppet `types.Image`. */
export const ImageType = { Unknown: 0, Thumbnail: 1, HD: 2, Artwork: 3 } as const;

export interface ContactPayload {
  id: string;
  gender: number;
  type: number;
  name: string;
  avatar: string;
  alias?: string;
  city?: string;
  friend?: boolean;
  province?: string;
  signature?: string;
  weixin?: string;
}

export interface RoomPayload {
  id: string;
  topic: string;
  avatar?: string;
  memberIdList: string[];
  ownerId?: string;
  adminIdList: string[];
}

export interface RoomMemberPayload {
  id: string;
  roomAlias?: string;
  avatar: string;
  name: string;
}

export interface MessagePayload {
  id: string;
  talkerId?: string;
  listenerId?: string;
  roomId?: string;
  /** Older puppets still fill these instead of talkerId / listenerId. */
  fromId?: string;
  toId?: string;
  filename?: string;
  text?: string;
  /** Epoch ms in puppet 1.x; some puppets still report seconds. */
  timestamp: number;
  type: number;
}

export interface FriendshipPayload {
  id: string;
  contactId: string;
  hello?: string;
  type: number;
  timestamp: number;
}

export interface UrlLinkPayload {
  title: string;
  url: string;
  description?: string;
}

export interface LocationPayload {
  name: string;
  address: string;
  latitude: number;
  longitude: number;
}

export interface MiniProgramPayload {
  title?: string;
  description?: string;
}

/** A file-box `FileBox` instance. */
export interface FileBoxLike {
  readonly name: string;
  readonly mediaType?: string;
  toBuffer(): Promise<Buffer>;
  toDataURL(): Promise<string>;
}

export interface FileBoxStatic {
  fromBase64(base64: string, name?: string): FileBoxLike;
  fromUrl(url: string, options?: { name?: string }): FileBoxLike;
  fromQRCode(qrCode: string): FileBoxLike;
}

export interface PuppetEventMap {
  scan: { qrcode?: string; status: number; data?: string };
  login: { contactId: string };
  logout: { contactId: string; data?: string };
  message: { messageId: string };
  'room-join': { roomId: string; inviteeIdList: string[]; inviterId: string; timestamp: number };
  'room-leave': { roomId: string; removeeIdList: string[]; removerId: string; timestamp: number };
  'room-topic': { roomId: string; newTopic: string; oldTopic: string; changerId: string; timestamp: number };
  friendship: { friendshipId: string };
  heartbeat: { data?: string };
  dong: { data?: string };
  error: { data?: string; gerror?: string } | Error;
  ready: { data?: string };
  reset: { data?: string };
}
export type PuppetEventName = keyof PuppetEventMap;

/** A wechaty-puppet `Puppet`: the calls the adapter makes, each one line of the mapping. */
export interface PuppetLike {
  on<E extends PuppetEventName>(event: E, listener: (payload: PuppetEventMap[E]) => void): unknown;
  off<E extends PuppetEventName>(event: E, listener: (payload: PuppetEventMap[E]) => void): unknown;
  readonly isLoggedIn: boolean;
  readonly currentUserId: string;
  logout(reason?: string): Promise<void>;
  ding(data?: string): void;

  contactPayload(id: string): Promise<ContactPayload>;
  contactPayloadDirty(id: string): Promise<void>;
  contactList(): Promise<string[]>;

  roomPayload(id: string): Promise<RoomPayload>;
  roomPayloadDirty(id: string): Promise<void>;
  roomMemberPayloadDirty(id: string): Promise<void>;
  roomList(): Promise<string[]>;
  roomMemberList(roomId: string): Promise<string[]>;
  roomMemberPayload(roomId: string, memberId: string): Promise<RoomMemberPayload>;
  roomCreate(contactIdList: string[], topic?: string): Promise<string>;
  roomAnnounce(roomId: string, text: string): Promise<void>;
  roomQuit(roomId: string): Promise<void>;

  messagePayload(id: string): Promise<MessagePayload>;
  messageFile(id: string): Promise<FileBoxLike>;
  messageImage(id: string, imageType: number): Promise<FileBoxLike>;
  messageUrl(id: string): Promise<UrlLinkPayload>;
  messageMiniProgram(id: string): Promise<MiniProgramPayload>;
  messageLocation(id: string): Promise<LocationPayload>;
  messageContact(id: string): Promise<string>;
  messageSendText(conversationId: string, text: string): Promise<void | string>;
  messageSendFile(conversationId: string, file: FileBoxLike): Promise<void | string>;

  friendshipPayload(id: string): Promise<FriendshipPayload>;
  friendshipAdd(contactId: string, options: string | { roomId?: string; contactId?: string; hello?: string }): Promise<void>;
  friendshipSearchPhone(phone: string): Promise<string | null>;
  friendshipSearchWeixin(weixin: string): Promise<string | null>;
}

export interface PuppetOptions {
  token?: string;
  /** Seconds without a `heartbeat` before the puppet's own watchdog resets it. */
  timeoutSeconds?: number;
}
export type PuppetConstructor = new (options?: PuppetOptions) => PuppetLike;

/** A memory-card `MemoryCard` (the parts this adapter overrides or calls). */
export interface MemoryCardLike {
  name?: string;
  load(): Promise<void>;
  save(): Promise<void>;
}
export interface MemoryCardInternals extends MemoryCardLike {
  payload?: Record<string, unknown>;
  parent?: MemoryCardLike;
  isMultiplex(): boolean;
}
export type MemoryCardConstructor = new (options?: { name?: string }) => MemoryCardLike;

/** A Wechaty bot (`WechatyInterface`): the adapter drives its lifecycle and talks to its puppet. */
export interface WechatyLike {
  start(): Promise<void>;
  stop(): Promise<void>;
  on(event: 'error', listener: (error: Error) => void): unknown;
}
export interface WechatyBuilderLike {
  build(options: { name: string; puppet: PuppetLike; memory: MemoryCardLike }): WechatyLike;
}

/** Everything the adapter loads on demand. */
export interface WechatyModules {
  WechatyBuilder: WechatyBuilderLike;
  MemoryCard: MemoryCardConstructor;
  FileBox: FileBoxStatic;
  Puppet: PuppetConstructor;
  puppetName: string;
}
