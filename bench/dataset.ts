import { pinyinKeys } from '../src/core/pinyin.js';
import type { GatewayEvent } from '../src/ports/gateway.js';
import { prng } from './stats.js';

export interface Size {
  name: 'full' | 'quick';
  accounts: number;
  convsPerAccount: number;
  messages: number;
  /** Rounds of each alternating comparison. */
  rounds: number;
}
export const FULL: Size = { name: 'full', accounts: 100, convsPerAccount: 2000, messages: 1_000_000, rounds: 5 };
export const QUICK: Size = { name: 'quick', accounts: 10, convsPerAccount: 200, messages: 20_000, rounds: 3 };

/** Share of conversations that are groups, and of messages sent in groups. */
export const ROOM_SHARE = 0.2;
export const KEYWORD_COUNT = 50;
/** Share of incoming group messages that carry one of the keywords. */
export const KEYWORD_SHARE = 0.05;
export const T0 = 1_735_689_600_000;
/** One message a second on the whole desk: 1M messages span about 12 days. */
export const STEP_MS = 1000;
export const ADMIN = { id: 1, username: 'admin', password: 'bench-admin-pw', role: 'admin' as const };
export const AGENT = { id: 2, username: 'agent', password: 'bench-agent-pw', role: 'agent' as const, accounts: 5 };

// Filler and keyword characters are disjoint, so a text matches only the keyword planted in it.
const FILLER_POOL =
  '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可也你而能下过子说产种面方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理世';
const KEYWORD_CHARS = '赌博诈骗返利兼职刷单代理加群私聊转账红包贷款套现';
// Filler never uses a keyword character, so a text holds only the keyword planted in it.
// oxlint-disable-next-line typescript/no-misused-spread -- the pool is split into its (CJK) characters on purpose
const FILLER = [...FILLER_POOL].filter((c) => !KEYWORD_CHARS.includes(c)).join('');
const SURNAMES = '张王李赵刘陈杨黄周吴';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞';

export interface AccountSeed {
  id: number;
  uin: string;
  userName: string;
  nickName: string;
}

export interface ContactSeed {
  id: number;
  accountId: number;
  userName: string;
  nickName: string;
  pyInitial: string;
  pyQuanPin: string;
  isRoom: 0 | 1;
  /** 3 (starred) on a few rooms, so the group list has something to put first. */
  setting: number;
}

/** One message as both sides store it. */
export interface BenchMessage {
  index: number;
  accountId: number;
  uin: string;
  contactId: number;
  isRoom: 0 | 1;
  isOut: 0 | 1;
  msgId: string;
  from: string;
  to: string;
  sender: string;
  content: string;
  time: number;
  /** The keyword planted in the text (1-based id), or 0. */
  keywordId: number;
  /** A starred room: its conversation is created starred. */
  starred: 0 | 1;
}

/**
 * The benchmark's world, the same on every run: accounts × conversations (a fifth of them
 * groups), messages spread so that every conversation has one and a few busy ones most.
 */
export class Dataset {
  readonly accounts: AccountSeed[] = [];
  readonly keywords: string[] = [];
  private readonly friends: number;
  private readonly conv: Int32Array;
  private readonly out: Uint8Array;
  private readonly pinyin = new Map<string, { initials: string; full: string }>();

  constructor(
    readonly size: Size,
    private readonly seed = 1,
  ) {
    const rand = prng(seed);
    this.friends = Math.round(size.convsPerAccount * (1 - ROOM_SHARE));
    const rooms = size.convsPerAccount - this.friends;
    for (let a = 0; a < size.accounts; a++)
      this.accounts.push({ id: a + 1, uin: String(2_000_000_000 + a + 1), userName: `wxid_acc${a + 1}`, nickName: `客服${a + 1}号` });
    for (let j = 0; j < KEYWORD_COUNT; j++) this.keywords.push(KEYWORD_CHARS[j % 20]! + KEYWORD_CHARS[(j + 1 + Math.floor(j / 20)) % 20]!);

    // Every conversation once, then the rest skewed (u^4: a few busy conversations), shuffled.
    // Typed arrays only: the driver's heap stays small, so its garbage collector does not
    // tax whichever side allocates more.
    const n = size.messages;
    this.conv = new Int32Array(n);
    let i = 0;
    for (let g = 0; g < this.contactCount && i < n; g++) this.conv[i++] = g;
    while (i < n) {
      const a = Math.floor(rand() * size.accounts);
      const room = rand() < ROOM_SHARE;
      const idx = Math.floor((room ? rooms : this.friends) * rand() ** 4);
      this.conv[i++] = a * size.convsPerAccount + (room ? this.friends + idx : idx);
    }
    for (let j = n - 1; j > 0; j--) {
      const k = Math.floor(rand() * (j + 1));
      const t = this.conv[j]!;
      this.conv[j] = this.conv[k]!;
      this.conv[k] = t;
    }
    this.out = new Uint8Array(n);
    for (let j = 0; j < n; j++) this.out[j] = rand() < (this.isRoom(this.conv[j]!) ? 0.1 : 0.3) ? 1 : 0;
  }

  get contactCount(): number {
    return this.size.accounts * this.size.convsPerAccount;
  }

  private isRoom(g: number): boolean {
    return g % this.size.convsPerAccount >= this.friends;
  }

  /** Contact number g (id g + 1): the k-th conversation of account g / convsPerAccount. */
  contact(g: number): ContactSeed {
    const a = Math.floor(g / this.size.convsPerAccount);
    const k = g % this.size.convsPerAccount;
    const isRoom = this.isRoom(g);
    const nickName = isRoom
      ? `${FILLER[k % 97]}${FILLER[(k * 7) % 89]}群${k - this.friends}`
      : `${SURNAMES[k % 10]}${GIVEN[(k * 3) % 20]}${GIVEN[(k * 7 + a) % 20]}`;
    let keys = this.pinyin.get(nickName);
    if (!keys) this.pinyin.set(nickName, (keys = pinyinKeys(nickName)));
    return {
      id: g + 1,
      accountId: a + 1,
      userName: isRoom ? `${(a + 1) * 100_000 + k}@chatroom` : `wxid_${a + 1}_f${k}`,
      nickName,
      pyInitial: keys.initials,
      pyQuanPin: keys.full,
      isRoom: isRoom ? 1 : 0,
      setting: isRoom && k % 50 === 0 ? 3 : 0,
    };
  }

  /** WeChat's newMsgId: a random 19-digit number, so the unique index sees random keys. */
  private msgId(i: number): string {
    const r = prng(this.seed * 104_729 + i * 7);
    return String(100_000_000 + Math.floor(r() * 900_000_000)) + String(Math.floor(r() * 1e10)).padStart(10, '0');
  }

  get length(): number {
    return this.size.messages;
  }

  message(i: number): BenchMessage {
    const contact = this.contact(this.conv[i]!);
    const account = this.accounts[contact.accountId - 1]!;
    const isOut = this.out[i] as 0 | 1;
    const r = prng(this.seed * 7919 + i);
    const chars: string[] = [];
    for (let c = 0; c < 20; c++) chars.push(FILLER[Math.floor(r() * FILLER.length)]!);
    let keywordId = 0;
    if (contact.isRoom && !isOut && r() < KEYWORD_SHARE) {
      keywordId = 1 + Math.floor(r() * KEYWORD_COUNT);
      // oxlint-disable-next-line typescript/no-misused-spread -- a keyword goes in as its characters on purpose
      chars.splice(Math.floor(r() * 19), 2, ...this.keywords[keywordId - 1]!);
    }
    const member = `wxid_${account.id}_m${i % 50}`;
    const sender = isOut ? account.userName : contact.isRoom ? member : contact.userName;
    return {
      index: i,
      accountId: account.id,
      uin: account.uin,
      contactId: contact.id,
      isRoom: contact.isRoom,
      isOut,
      msgId: this.msgId(i),
      from: isOut ? account.userName : contact.userName,
      to: isOut ? contact.userName : account.userName,
      sender,
      content: chars.join(''),
      time: T0 + i * STEP_MS,
      keywordId,
      starred: contact.setting === 3 ? 1 : 0,
    };
  }

  messages(from: number, to: number): BenchMessage[] {
    const list: BenchMessage[] = [];
    for (let i = from; i < Math.min(to, this.length); i++) list.push(this.message(i));
    return list;
  }
}

/** The gateway event that reports a message, as an adapter would publish it. */
export const toEvent = (m: BenchMessage): GatewayEvent => ({
  type: 'message',
  uin: m.uin,
  message: {
    msgId: m.msgId,
    fromUserName: m.from,
    toUserName: m.to,
    senderUserName: m.sender,
    msgType: 1,
    content: m.content,
    createTime: m.time,
  },
});
