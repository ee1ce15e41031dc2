import { MsgType } from '../../../core/message-types.js';
import type { MessageInfo } from '../../../ports/gateway.js';
import type { MediaFiles, SavedMedia } from './media.js';
import type { RoomIds } from './profiles.js';
import { ImageType, PuppetMessageType as T, type MessagePayload, type PuppetLike } from './types.js';

/**
 * Every Wechaty message type and its WeChat msgType, with the text the desk shows for it.
 * Links, files, mini programs, chat histories, group notes, transfers, red envelopes and
 * posts are all app messages (49) in WeChat; a type Wechaty cannot name is kept as a system
 * line (10000) rather than dropped.
 */
export const MESSAGE_TYPES: Readonly<Record<number, { msgType: number; label: string; media?: string }>> = {
  [T.Text]: { msgType: MsgType.text, label: '' },
  [T.Image]: { msgType: MsgType.image, label: '[图片]', media: 'jpg' },
  [T.Audio]: { msgType: MsgType.voice, label: '[语音]', media: 'silk' },
  [T.Video]: { msgType: MsgType.video, label: '[视频]', media: 'mp4' },
  [T.Emoticon]: { msgType: MsgType.emoji, label: '[动画表情]', media: 'gif' },
  [T.Attachment]: { msgType: MsgType.app, label: '[文件]', media: 'bin' },
  [T.Url]: { msgType: MsgType.app, label: '[链接]' },
  [T.MiniProgram]: { msgType: MsgType.app, label: '[小程序]' },
  [T.ChatHistory]: { msgType: MsgType.app, label: '[聊天记录]' },
  [T.GroupNote]: { msgType: MsgType.app, label: '[群接龙]' },
  [T.Transfer]: { msgType: MsgType.app, label: '[转账]' },
  [T.RedEnvelope]: { msgType: MsgType.app, label: '[红包]' },
  [T.Post]: { msgType: MsgType.app, label: '[动态]' },
  [T.Contact]: { msgType: MsgType.card, label: '[名片]' },
  [T.Location]: { msgType: MsgType.location, label: '[位置]' },
  [T.Recalled]: { msgType: MsgType.recall, label: '' },
  [T.Unknown]: { msgType: MsgType.system, label: '' },
};

export const msgTypeOf = (puppetType: number): number => MESSAGE_TYPES[puppetType]?.msgType ?? MsgType.system;

export interface MessageContext {
  puppet: PuppetLike;
  selfId: string;
  rooms: RoomIds;
  media: MediaFiles;
  warn(obj: object, msg: string): void;
}

/** Seconds from puppets that still report them; ms from the rest (puppet 1.x). */
export const epochMs = (t: number | undefined): number => (!t ? Date.now() : t < 1e12 ? t * 1000 : t);

/** A puppet message as wxdesk stores it: direction, msgType, content, and the file if any. */
export async function toMessageInfo(ctx: MessageContext, p: MessagePayload, opts: { skipMedia?: boolean } = {}): Promise<MessageInfo> {
  const talker = p.talkerId ?? p.fromId ?? '';
  const self = ctx.selfId;
  const kind = MESSAGE_TYPES[p.type] ?? { msgType: MsgType.system, label: '' };
  let from: string;
  let to: string;
  if (p.roomId) {
    const room = ctx.rooms.desk(p.roomId);
    // Into a room: the room writes to the account; the account's own words go to the room.
    [from, to] = talker === self ? [self, room] : [room, self];
  } else {
    from = talker;
    to = p.listenerId ?? p.toId ?? self;
  }
  const info: MessageInfo = {
    msgId: p.id,
    fromUserName: from,
    toUserName: to,
    senderUserName: talker || from,
    msgType: kind.msgType,
    content: await contentOf(ctx, p, kind.label),
    createTime: epochMs(p.timestamp),
  };
  // The echo of a file sent from the desk: the desk has the file already.
  if (kind.media && !opts.skipMedia) {
    const saved = await saveMedia(ctx, p, kind.media);
    if (saved) Object.assign(info, saved);
    else if (p.filename) info.fileName = p.filename;
  }
  return info;
}

async function contentOf(ctx: MessageContext, p: MessagePayload, label: string): Promise<string> {
  const text = p.text ?? '';
  const { puppet } = ctx;
  // Details come from extra puppet calls; a puppet that cannot answer one still gets the label.
  const detail = async (get: () => Promise<string>): Promise<string> => {
    try {
      return `${label}${await get()}`;
    } catch (err) {
      ctx.warn({ err, messageId: p.id, type: p.type }, 'message detail unavailable');
      return label || text;
    }
  };
  switch (p.type) {
    case T.Text:
    case T.Recalled:
    case T.Unknown:
      return text;
    case T.Attachment:
      return `${label}${p.filename ?? ''}`;
    case T.Url:
      return detail(async () => {
        const link = await puppet.messageUrl(p.id);
        return [link.title, link.url].filter(Boolean).join(' ');
      });
    case T.MiniProgram:
      return detail(async () => (await puppet.messageMiniProgram(p.id)).title ?? '');
    case T.Location:
      return detail(async () => {
        const at = await puppet.messageLocation(p.id);
        return [at.name, at.address].filter(Boolean).join(' ');
      });
    case T.Contact:
      return detail(async () => {
        const id = await puppet.messageContact(p.id);
        return id ? (await puppet.contactPayload(id)).name : '';
      });
    default:
      return label || text;
  }
}

async function saveMedia(ctx: MessageContext, p: MessagePayload, ext: string): Promise<SavedMedia | undefined> {
  try {
    const box = p.type === T.Image ? await ctx.puppet.messageImage(p.id, ImageType.HD) : await ctx.puppet.messageFile(p.id);
    return await ctx.media.save(box, ext);
  } catch (err) {
    ctx.warn({ err, messageId: p.id, type: p.type }, 'media of a message could not be saved');
    return undefined;
  }
}
