/** WeChat message type codes (msgType), as the seed and every WeChat protocol use them. */
export const MsgType = {
  text: 1,
  image: 3,
  voice: 34,
  card: 42,
  video: 43,
  emoji: 47,
  location: 48,
  app: 49,
  system: 10000,
  recall: 10002,
} as const;
export type MsgTypeName = keyof typeof MsgType;
export type MsgTypeCode = (typeof MsgType)[MsgTypeName];

export const SendStatus = { pending: 0, sent: 1, failed: 2 } as const;
export type SendStatusCode = (typeof SendStatus)[keyof typeof SendStatus];

/** Contact setting of a room or friend: 0 default, 1 mute, 2 block, 3 star. */
export const Setting = { normal: 0, mute: 1, block: 2, star: 3 } as const;
export type SettingCode = (typeof Setting)[keyof typeof Setting];

export const isRoomName = (userName: string): boolean => userName.endsWith('@chatroom');

/** The seed's `type` field of media messages. */
export function mediaTypeLabel(msgType: number): string | undefined {
  switch (msgType) {
    case MsgType.image:
      return 'pic';
    case MsgType.video:
      return 'video';
    case MsgType.voice:
      return 'voice';
    case MsgType.app:
      return 'file';
    default:
      return undefined;
  }
}

/** Contact flags as the seed uses them. */
export const ContactFlag = { stranger: 0, roomNotSaved: 2, friend: 3, savedRoom: 3 } as const;

/** 0 sent, 1 accepted, 2 rejected or failed, 3 received. */
export const FriendRequestStatus = { sent: 0, accepted: 1, failed: 2, received: 3 } as const;
