import { isRoomName, MsgType } from '../../../core/message-types.js';
import type { CommandOf, CommandResults, MessageInfo } from '../../../ports/gateway.js';
import type { Rng } from './random.js';
import type { SimRuntime } from './runtime.js';
import { replyText, textMessage } from './traffic.js';
import type { SimAccount } from './world.js';

/** Sending from the account, the answers that follow, and test-injected inbound text. */

const MEDIA_LABELS: ReadonlyMap<number, string> = new Map([
  [MsgType.image, '[图片]'],
  [MsgType.voice, '[语音]'],
  [MsgType.card, '[名片]'],
  [MsgType.video, '[视频]'],
  [MsgType.emoji, '[动画表情]'],
  [MsgType.location, '[位置]'],
  [MsgType.app, '[文件]'],
]);

type SendCommand = CommandOf<'sendText'> | CommandOf<'sendMedia'>;

export function send(rt: SimRuntime, rng: Rng, delayMs: number, cmd: SendCommand): CommandResults['sendText'] {
  const account = rt.onlineAccount(cmd.uin);
  checkTarget(rt, account, cmd.to);
  if (cmd.kind === 'sendMedia') {
    if (!MEDIA_LABELS.has(cmd.msgType)) throw new Error(`模拟网关: 不支持的媒体消息类型 msgType=${cmd.msgType}`);
    if (!cmd.url) throw new Error('模拟网关: 媒体消息缺少 url');
  } else if (cmd.text.length === 0) {
    throw new Error('模拟网关: 不能发送空消息');
  }
  // Checked after validation so a malformed send does not use up the armed fault.
  if (rt.failNextSend.delete(cmd.uin)) throw new Error('模拟发送失败');

  const self = account.self.userName;
  const sent: MessageInfo =
    cmd.kind === 'sendText'
      ? rt.message({
          fromUserName: self,
          toUserName: cmd.to,
          senderUserName: self,
          msgType: MsgType.text,
          content: cmd.text,
          tokenId: cmd.tokenId,
        })
      : rt.message({
          fromUserName: self,
          toUserName: cmd.to,
          senderUserName: self,
          msgType: cmd.msgType,
          content: `${MEDIA_LABELS.get(cmd.msgType) ?? ''}${cmd.msgType === MsgType.app ? cmd.fileName : ''}`,
          url: cmd.url,
          fileName: cmd.fileName,
          fileSize: cmd.fileSize,
          tokenId: cmd.tokenId,
        });
  // WeChat echoes the account's own messages back, as a real gateway would report them.
  rt.emit({ type: 'message', uin: account.uin, message: sent });
  scheduleReply(rt, rng, delayMs, account, cmd.to, cmd.kind === 'sendText' ? cmd.text : undefined);
  return { msgId: sent.msgId, createTime: sent.createTime };
}

function checkTarget(rt: SimRuntime, account: SimAccount, to: string): void {
  if (isRoomName(to)) {
    rt.joinedRoom(account, to);
  } else if (!account.friends.has(to)) {
    throw new Error(`模拟网关: ${to} 不是账号 uin=${account.uin} 的好友`);
  }
}

/** A friend always answers; in a room someone answers about half the time. */
function scheduleReply(rt: SimRuntime, rng: Rng, delayMs: number, account: SimAccount, to: string, text: string | undefined): void {
  const self = account.self.userName;
  const content = replyText(rng, text);
  if (!isRoomName(to)) {
    rt.later(delayMs, () => {
      if (rt.online.has(account.uin)) rt.emit({ type: 'message', uin: account.uin, message: textMessage(rt, to, self, to, content) });
    });
    return;
  }
  const room = account.rooms.get(to);
  const others = room?.members.filter((m) => m.userName !== self) ?? [];
  if (others.length === 0 || !rng.chance(0.5)) return;
  const sender = rng.pick(others).userName;
  rt.later(delayMs, () => {
    // The room may have been left, or the sender removed, while the reply was pending.
    if (!rt.online.has(account.uin) || !room?.joined || !room.members.some((m) => m.userName === sender)) return;
    rt.emit({ type: 'message', uin: account.uin, message: textMessage(rt, to, self, sender, content) });
  });
}

export interface InjectInput {
  uin: string;
  /** The wxid of the person writing: a friend, or a member of `room`. */
  from: string;
  room?: string;
  text: string;
}

/** Makes a known person write to the account (or into one of its rooms), as WeChat would deliver it. */
export function inject(rt: SimRuntime, input: InjectInput): MessageInfo {
  if (!rt.running) throw new Error('模拟网关未启动');
  const account = rt.onlineAccount(input.uin);
  if (typeof input.text !== 'string' || input.text.length === 0) throw new Error('模拟网关: text 不能为空');
  const self = account.self.userName;
  if (input.from === self) throw new Error('模拟网关: from 不能是账号自己');
  let message: MessageInfo;
  if (input.room !== undefined && input.room !== '') {
    const room = rt.joinedRoom(account, input.room);
    if (!room.members.some((m) => m.userName === input.from)) {
      throw new Error(`模拟网关: ${input.from} 不是群聊 ${input.room} 的成员`);
    }
    message = textMessage(rt, room.userName, self, input.from, input.text);
  } else {
    if (!account.friends.has(input.from)) throw new Error(`模拟网关: ${input.from} 不是账号 uin=${input.uin} 的好友`);
    message = textMessage(rt, input.from, self, input.from, input.text);
  }
  rt.emit({ type: 'message', uin: account.uin, message });
  return message;
}
