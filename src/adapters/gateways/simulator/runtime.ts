import type { EventSink, GatewayEvent, MessageInfo } from '../../../ports/gateway.js';
import type { SimAccount, SimRoom, World } from './world.js';

// Multiplying by a constant coprime with 10 permutes [0, 10^18), so consecutive counters
// map to distinct, random-looking ids without remembering every id handed out.
const ID_SPACE = 10n ** 18n;
const ID_MULTIPLIER = 862933555777941757n;
const ID_OFFSET = 314159265358979323n; // keeps round counters from giving ids ending in 000

/**
 * The live side of the simulator: where events go, which timers are pending, who is logged
 * in, and which faults are armed. Command handlers share it; the gateway class owns it.
 */
export class SimRuntime {
  private sink: EventSink | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private msgCounter = 0n;
  readonly online = new Set<string>();
  readonly failNextSend = new Set<string>();
  /** `${uin}:${wxid}` of friend requests still waiting for their answer. */
  readonly pendingFriendRequests = new Set<string>();

  constructor(
    readonly world: World,
    readonly now: () => number,
  ) {}

  get running(): boolean {
    return this.sink !== undefined;
  }

  /** Ids start from the clock so a restarted simulator with the same seed does not reuse them. */
  begin(sink: EventSink): void {
    this.sink = sink;
    this.msgCounter = BigInt(Math.max(0, Math.floor(this.now()))) * 1000n;
  }

  end(): void {
    this.sink = undefined;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    // Their timers are gone, so the requests are no longer pending.
    this.pendingFriendRequests.clear();
  }

  emit(event: GatewayEvent): void {
    this.sink?.(event);
  }

  /** Runs `fn` after `ms` unless the simulator stops first. */
  later(ms: number, fn: () => void): void {
    if (!this.running) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (this.running) fn();
    }, ms);
    this.timers.add(t);
  }

  /** An 18–19 digit numeric id like WeChat's newMsgId, unique within this process. */
  nextMsgId(): string {
    const v = ((this.msgCounter++ % ID_SPACE) * ID_MULTIPLIER + ID_OFFSET) % ID_SPACE;
    // Values with a leading zero become 19 digits starting with 1; the rest are 18 digits,
    // so the two ranges cannot collide.
    return v < ID_SPACE / 10n ? `1${v.toString().padStart(18, '0')}` : v.toString();
  }

  message(fields: Omit<MessageInfo, 'msgId' | 'createTime'>): MessageInfo {
    return { msgId: this.nextMsgId(), createTime: this.now(), ...fields };
  }

  // Guards shared by every command; each error names what is missing.

  account(uin: string): SimAccount {
    const account = this.world.byUin.get(uin);
    if (!account) throw new Error(`模拟网关: 账号 uin=${uin} 不存在`);
    return account;
  }

  onlineAccount(uin: string): SimAccount {
    const account = this.account(uin);
    if (!this.online.has(uin)) throw new Error(`模拟网关: 账号 uin=${uin} 未登录`);
    return account;
  }

  joinedRoom(account: SimAccount, room: string): SimRoom {
    const found = account.rooms.get(room);
    if (!found) throw new Error(`模拟网关: 账号 uin=${account.uin} 没有群聊 ${room}`);
    if (!found.joined) throw new Error(`模拟网关: 账号 uin=${account.uin} 已退出群聊 ${room}`);
    return found;
  }
}
