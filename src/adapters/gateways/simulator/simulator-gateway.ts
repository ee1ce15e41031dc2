import {
  ALL_COMMANDS,
  GatewayUnsupportedError,
  type CommandKind,
  type CommandOf,
  type CommandResults,
  type EventSink,
  type Gateway,
  type GatewayCommand,
  type MessageInfo,
} from '../../../ports/gateway.js';
import {
  addFriendFromRoom,
  createRoom,
  getMemberDetail,
  quitRoom,
  roomMembers,
  saveRoomToContacts,
  setAnnouncement,
} from './room-commands.js';
import { addFriend, refreshContact, searchUser, syncContacts } from './contact-commands.js';
import { Rng } from './random.js';
import { SimRuntime } from './runtime.js';
import { inject, send, type InjectInput } from './send.js';
import { startTraffic } from './traffic.js';
import { accountInfo, avatarUrl, friendProfiles, memberInfos, roomInfo } from './views.js';
import { addAccount, buildWorld, type SimAccount, type World } from './world.js';

export interface SimulatorOptions {
  seed: number;
  /** Accounts in the world, all logged in at start. */
  accounts: number;
  /** Inbound messages per second per account; 0 for a quiet world. */
  rate: number;
  /** Milliseconds before a person replies or accepts a friend request. */
  delayMs: number;
  /** Reported as `gatewayNode` on login. */
  nodeName?: string;
  /** Prefix of every headImgUrl; wxdesk serves `${avatarBase}/<key>.svg`. */
  avatarBase?: string;
  now?: () => number;
}

export type SimulatorFault = 'failNextSend' | 'dropLogin';

export interface DirectoryEntry {
  userName: string;
  nickName: string;
  phone: string;
  qq: string;
  alias?: string;
}

type Handlers = { [K in CommandKind]: (command: CommandOf<K>) => CommandResults[K] };

/**
 * A seeded WeChat world behind the gateway port. Everything it decides comes from seeded
 * streams, so a seed reproduces the world and its traffic; only real time varies.
 */
export class SimulatorGateway implements Gateway {
  readonly name = 'simulator';
  readonly capabilities: ReadonlySet<CommandKind> = new Set(ALL_COMMANDS);
  private readonly world: World;
  private readonly rt: SimRuntime;
  private readonly opts: Required<Omit<SimulatorOptions, 'avatarBase'>>;
  // Commands draw from one stream; each account's chatter from its own (see Rng).
  private readonly commandRng: Rng;
  private readonly handlers: Handlers;

  constructor(options: SimulatorOptions) {
    const { seed, accounts, rate, delayMs } = options;
    if (!Number.isInteger(seed)) throw new Error(`模拟网关: seed 必须是整数 (got ${seed})`);
    if (!Number.isInteger(accounts) || accounts < 0) throw new Error(`模拟网关: accounts 必须是非负整数 (got ${accounts})`);
    if (!Number.isFinite(rate) || rate < 0) throw new Error(`模拟网关: rate 必须是非负数 (got ${rate})`);
    if (!Number.isFinite(delayMs) || delayMs < 0) throw new Error(`模拟网关: delayMs 必须是非负数 (got ${delayMs})`);
    this.opts = { seed, accounts, rate, delayMs, nodeName: options.nodeName ?? 'sim-1', now: options.now ?? Date.now };
    this.world = buildWorld({ accounts, avatarBase: options.avatarBase }, new Rng(seed, 'world'));
    this.rt = new SimRuntime(this.world, this.opts.now);
    this.commandRng = new Rng(seed, 'commands');
    const { rt, commandRng: rng } = this;
    this.handlers = {
      login: (c) => this.login(c.uin),
      logout: (c) => this.logout(c.uin, '主动退出登录'),
      sendText: (c) => send(rt, rng, delayMs, c),
      sendMedia: (c) => send(rt, rng, delayMs, c),
      createRoom: (c) => createRoom(rt, rng, c),
      setAnnouncement: (c) => setAnnouncement(rt, c),
      quitRoom: (c) => quitRoom(rt, c),
      roomMembers: (c) => roomMembers(rt, c),
      memberDetail: (c) => getMemberDetail(rt, c),
      addFriendFromRoom: (c) => addFriendFromRoom(rt, delayMs, c),
      addFriend: (c) => addFriend(rt, delayMs, c),
      searchUser: (c) => searchUser(rt, rng, c),
      refreshContact: (c) => refreshContact(rt, c),
      syncContacts: (c) => syncContacts(rt, c),
      saveRoomToContacts: (c) => saveRoomToContacts(rt, c),
    };
  }

  /** Logs every account in and reports its contacts and rooms, then lets people write in. */
  async start(sink: EventSink): Promise<void> {
    if (this.rt.running) throw new Error('模拟网关已经启动');
    this.rt.begin(sink);
    for (const account of this.world.accounts) this.logIn(account);
    for (const account of this.world.accounts) this.startTraffic(account);
  }

  async stop(): Promise<void> {
    this.rt.end();
    this.rt.online.clear();
  }

  async execute<K extends CommandKind>(command: CommandOf<K>): Promise<CommandResults[K]> {
    const kind = (command as GatewayCommand).kind;
    // Commands arrive over the bus, so a kind this build does not know must fail loudly.
    if (!Object.hasOwn(this.handlers, kind)) throw new GatewayUnsupportedError(this.name, kind);
    if (!this.rt.running) throw new Error('模拟网关未启动');
    const handler: Handlers[K] = this.handlers[kind as K];
    return handler(command);
  }

  /** Test helper: `from` (a friend, or a member of `room`) sends `text` to the account. */
  inject(input: InjectInput): MessageInfo {
    return inject(this.rt, input);
  }

  /** Test helper: `failNextSend` fails the account's next send once; `dropLogin` logs it out now. */
  injectFault(input: { uin: string; kind: SimulatorFault }): void {
    if (!this.rt.running) throw new Error('模拟网关未启动');
    const account = this.rt.account(input.uin);
    switch (input.kind) {
      case 'failNextSend':
        this.rt.failNextSend.add(account.uin);
        return;
      case 'dropLogin':
        this.logout(account.uin, '模拟掉线');
        return;
      default:
        throw new Error(`模拟网关: 未知的故障类型 ${String(input.kind as unknown)}`);
    }
  }

  /** Uins of the world's accounts, in creation order. */
  accountUins(): string[] {
    return this.world.accounts.map((a) => a.uin);
  }

  /** Test helper: how to find everyone by search (the port never reveals phones or QQ numbers). */
  directory(): DirectoryEntry[] {
    return [...this.world.people.values()].map((p) => ({
      userName: p.userName,
      nickName: p.nickName,
      phone: p.phone,
      qq: p.qq,
      ...(p.alias ? { alias: p.alias } : {}),
    }));
  }

  private login(uin: string | undefined): CommandResults['login'] {
    if (uin !== undefined && uin !== '') {
      this.logIn(this.rt.account(uin));
      return { uin };
    }
    // No uin: a new phone scans the QR code; the account appears after the usual delay.
    const account = addAccount(this.world, this.commandRng);
    const qrUrl = avatarUrl(this.world, `qr-${account.uin}`);
    this.rt.emit({ type: 'qr', qrUrl, at: this.rt.now() });
    this.rt.later(this.opts.delayMs, () => {
      this.logIn(account);
      this.startTraffic(account);
    });
    return { uin: account.uin };
  }

  private logout(uin: string, reason: string): CommandResults['logout'] {
    const account = this.rt.account(uin);
    this.rt.online.delete(account.uin);
    this.rt.emit({ type: 'logout', uin: account.uin, reason, at: this.rt.now() });
    return {};
  }

  /** The full snapshot a real gateway reports on login: profile, friends, rooms and members. */
  private logIn(account: SimAccount): void {
    const { rt, world } = this;
    rt.online.add(account.uin);
    rt.emit({ type: 'login', account: accountInfo(world, account), gatewayNode: this.opts.nodeName, at: rt.now() });
    rt.emit({ type: 'contact', uin: account.uin, contacts: friendProfiles(world, account) });
    for (const room of account.rooms.values()) {
      if (!room.joined) continue;
      rt.emit({ type: 'room', uin: account.uin, room: roomInfo(world, room) });
      rt.emit({ type: 'roomMembers', uin: account.uin, room: room.userName, members: memberInfos(world, room) });
    }
  }

  private startTraffic(account: SimAccount): void {
    if (this.opts.rate > 0) startTraffic(this.rt, account, this.opts.rate, new Rng(this.opts.seed, `traffic:${account.uin}`));
  }
}
