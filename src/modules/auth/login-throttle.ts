import net from 'node:net';
import type { Kysely } from 'kysely';
import { throttled } from '../../core/errors.js';
import type { Clock } from '../../core/time.js';
import type { Database } from '../../store/schema.js';
import * as repo from './login-throttle.repository.js';

export interface ThrottlePolicy {
  /** Failures in a row that cost nothing; the next ones wait. */
  free: number;
  /** The wait after the `free`-th failure; each further failure doubles it… */
  firstDelayMs: number;
  /** …up to this. */
  maxDelayMs: number;
  /** A key without an attempt for this long starts counting again. */
  forgetAfterMs: number;
}

/**
 * One user name: after 5 failures in a row, 1 s, 2 s, 4 s … up to 10 minutes before the next
 * attempt; a success forgets them. Any name counts, known or not, so a refusal tells nothing.
 */
export const USER_POLICY: ThrottlePolicy = { free: 5, firstDelayMs: 1_000, maxDelayMs: 600_000, forgetAfterMs: 3_600_000 };
/**
 * One client address (an IPv6 /64): many operators behind one NAT log in from it, so only
 * failures count, and 20 of them in a row, whatever the names, before it waits the same way.
 */
export const ADDRESS_POLICY: ThrottlePolicy = { free: 20, firstDelayMs: 1_000, maxDelayMs: 600_000, forgetAfterMs: 3_600_000 };

/** How long the attempt after the n-th failure in a row waits. */
export function delayAfter(failures: number, p: ThrottlePolicy): number {
  if (failures < p.free) return 0;
  return Math.min(p.maxDelayMs, p.firstDelayMs * 2 ** Math.min(failures - p.free, 32));
}

/** The address a client is counted under: IPv4 as is, IPv6 by its /64 (one subscriber's). */
export function addressKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (net.isIP(ip) !== 6) return ip;
  const [head = '', tail = ''] = ip.toLowerCase().split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t] : h;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

const PURGE_EVERY_MS = 600_000;

/**
 * Failed logins per user name and per client address, counted in the store (table
 * login_throttle) so every API node sees the same. An attempt is counted as a failure before
 * its password is checked; a success takes it back.
 */
export class LoginThrottle {
  private nextPurge = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly policies = { user: USER_POLICY, address: ADDRESS_POLICY },
  ) {}

  /** Counts an attempt of `username` from `ip`; throws 429 with Retry-After while either waits. */
  async begin(ip: string, username: string): Promise<{ succeeded(): Promise<void> }> {
    const now = this.clock.now();
    await this.purge(now);
    const address = `addr:${addressKey(ip)}`;
    const user = `user:${username}`;
    await this.claim(address, this.policies.address, now);
    try {
      await this.claim(user, this.policies.user, now);
    } catch (error) {
      await repo.release(this.db, address);
      throw error;
    }
    return {
      succeeded: async () => {
        await repo.forget(this.db, user);
        await repo.release(this.db, address);
      },
    };
  }

  /**
   * Counts the attempt and, should it fail, makes the next one wait: the block is written in
   * the same transaction, before the password is checked, so attempts sent together (to any
   * node: the row stays locked until commit) cannot all pass before it lands.
   */
  private async claim(key: string, policy: ThrottlePolicy, now: number): Promise<void> {
    const blockedUntil = await this.db.transaction().execute(async (trx) => {
      const n = await repo.claimAttempt(trx, key, now, now - policy.forgetAfterMs);
      if (n === undefined) return repo.blockedUntil(trx, key);
      const delay = delayAfter(n, policy);
      if (delay > 0) await repo.block(trx, key, now + delay);
      return undefined;
    });
    if (blockedUntil !== undefined) throw throttled(blockedUntil - now);
  }

  private async purge(now: number): Promise<void> {
    if (now < this.nextPurge) return;
    this.nextPurge = now + PURGE_EVERY_MS;
    const keep = Math.max(this.policies.user.forgetAfterMs, this.policies.address.forgetAfterMs);
    await repo.deleteStale(this.db, now - keep, now);
  }
}
