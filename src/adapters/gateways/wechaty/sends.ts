import { PuppetMessageType, type MessagePayload } from './types.js';

/**
 * Sends waiting for WeChat's id. Some puppets answer a send with the message id
 * (padlocal); others only report the account's own message back as a `message` event
 * (wechat4u, the mock). Either way the echo is matched to its send (by id, else by
 * conversation and text) so it carries the desk's tokenId and completes the desk's row
 * instead of being stored a second time; the send's result waits a little for it.
 */

/** How long an unmatched send still claims a late echo. */
const CLAIM_MS = 60_000;

export interface SentId {
  msgId: string;
  createTime: number;
}

interface Pending {
  tokenId: string;
  to: string;
  text: string | undefined;
  msgId: string | undefined;
  at: number;
  echo: SentId | undefined;
  wake: ((id: SentId) => void) | undefined;
}

export interface PendingHandle {
  /** The id the puppet answered the send with. */
  setId(msgId: string): void;
  /** The echo's id, or undefined after `ms`. */
  wait(ms: number): Promise<SentId | undefined>;
  cancel(): void;
}

export class PendingSends {
  private readonly list: Pending[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  expect(input: { tokenId: string; to: string; text?: string }): PendingHandle {
    this.expire();
    const p: Pending = {
      tokenId: input.tokenId,
      to: input.to,
      text: input.text,
      msgId: undefined,
      at: this.now(),
      echo: undefined,
      wake: undefined,
    };
    this.list.push(p);
    return {
      setId: (msgId) => {
        p.msgId = msgId;
      },
      wait: (ms) =>
        p.echo
          ? Promise.resolve(p.echo)
          : new Promise<SentId | undefined>((resolve) => {
              const timer = setTimeout(() => {
                p.wake = undefined;
                resolve(undefined);
              }, ms);
              p.wake = (id) => {
                clearTimeout(timer);
                resolve(id);
              };
            }),
      cancel: () => this.drop(p),
    };
  }

  /** The tokenId of the send this message of the account's own is the echo of, if any. */
  claim(m: MessagePayload, conversation: string, createTime: number): string | undefined {
    this.expire();
    const byId = this.list.find((p) => p.msgId === m.id);
    const isText = m.type === PuppetMessageType.Text;
    const p =
      byId ??
      this.list.find(
        (q) => q.msgId === undefined && q.to === conversation && (q.text === undefined ? !isText : isText && q.text === (m.text ?? '')),
      );
    if (!p) return undefined;
    this.drop(p);
    p.echo = { msgId: m.id, createTime };
    p.wake?.(p.echo);
    return p.tokenId;
  }

  private drop(p: Pending): void {
    const i = this.list.indexOf(p);
    if (i >= 0) this.list.splice(i, 1);
  }

  private expire(): void {
    const limit = this.now() - CLAIM_MS;
    while (this.list.length && (this.list[0]?.at ?? 0) < limit) this.list.shift();
  }
}
