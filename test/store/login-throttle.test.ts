import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppError } from '../../src/core/errors.js';
import { addressKey, delayAfter, LoginThrottle, USER_POLICY } from '../../src/modules/auth/login-throttle.js';
import { T0, openTestStore, type TestStore } from '../helpers/store.js';

/** The login throttle on the store of this run (SQLite, or PostgreSQL in test:pg), on a clock of its own. */
describe('login throttle', () => {
  let ts: TestStore;
  let now = T0;
  const clock = { now: () => now };
  let throttle: LoginThrottle;
  let seq = 0;
  /** A fresh user name and address for each test: the table is shared. */
  let user = '';
  let ip = '';

  beforeAll(async () => {
    ts = await openTestStore();
    throttle = new LoginThrottle(ts.db, clock);
  });
  afterAll(() => ts?.close());
  beforeEach(() => {
    seq++;
    user = `user${seq}`;
    ip = `198.51.100.${seq}`;
    now = T0 + seq * 86_400_000;
  });

  /** The wait (s) a refused attempt is told, or 0 when it may go ahead (and then fails). */
  async function attempt(name = user, from = ip, t = throttle): Promise<number> {
    try {
      await t.begin(from, name);
      return 0;
    } catch (error) {
      expect((error as AppError).code).toBe('throttled');
      expect((error as AppError).status).toBe(429);
      return (error as AppError).retryAfter!;
    }
  }

  it('lets 5 failures of a name pass, then waits 1 s, 2 s, 4 s … up to the cap', async () => {
    for (let i = 0; i < 5; i++) expect(await attempt(), `attempt ${i + 1}`).toBe(0);
    expect(await attempt()).toBe(1);
    now += 999;
    expect(await attempt()).toBe(1);
    now += 1;
    expect(await attempt()).toBe(0); // the 6th failure
    expect(await attempt()).toBe(2);
    now += 2_000;
    expect(await attempt()).toBe(0);
    expect(await attempt()).toBe(4);
    // Waiting out every block, the delay doubles up to the cap.
    let waited = 4_000;
    for (let i = 0; i < 12; i++) {
      now += waited;
      expect(await attempt()).toBe(0);
      waited = (await attempt()) * 1000;
    }
    expect(waited).toBe(USER_POLICY.maxDelayMs);
    expect(delayAfter(5, USER_POLICY)).toBe(1_000);
    expect(delayAfter(100, USER_POLICY)).toBe(USER_POLICY.maxDelayMs);
  });

  it('a refused attempt does not make the wait longer', async () => {
    for (let i = 0; i < 5; i++) await attempt();
    for (let i = 0; i < 10; i++) expect(await attempt()).toBe(1);
    now += 1_000;
    expect(await attempt()).toBe(0);
    expect(await attempt()).toBe(2);
  });

  it('a success forgets the failures of the name', async () => {
    for (let i = 0; i < 4; i++) await attempt();
    const ok = await throttle.begin(ip, user);
    await ok.succeeded();
    for (let i = 0; i < 5; i++) expect(await attempt(), `attempt ${i + 1} after the success`).toBe(0);
    expect(await attempt()).toBe(1);
  });

  it('blocks a name from every address, and only that name', async () => {
    for (let i = 0; i < 5; i++) await attempt(user, `203.0.113.${i}`);
    expect(await attempt(user, '192.0.2.77')).toBe(1);
    expect(await attempt(`${user}_other`, '192.0.2.77')).toBe(0);
  });

  it('lets one address fail 20 times over any names before it waits, and other addresses not at all', async () => {
    for (let i = 0; i < 20; i++) expect(await attempt(`${user}_${i}`, ip), `name ${i}`).toBe(0);
    expect(await attempt(`${user}_new`, ip)).toBe(1);
    expect(await attempt(`${user}_new`, '192.0.2.200')).toBe(0);
    // The refused attempt counted nothing for the name either.
    for (let i = 0; i < 4; i++) expect(await attempt(`${user}_new`, '192.0.2.200')).toBe(0);
  });

  it('counts successes from one address as nothing (many operators behind one NAT)', async () => {
    for (let i = 0; i < 50; i++) await (await throttle.begin(ip, `${user}_${i}`)).succeeded();
    for (let i = 0; i < 20; i++) expect(await attempt(`${user}_bad${i}`, ip)).toBe(0);
    expect(await attempt(`${user}_bad`, ip)).toBe(1);
  });

  it('counts an IPv6 client by its /64', async () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('::ffff:10.1.2.3')).toBe('10.1.2.3');
    expect(addressKey('10.1.2.3')).toBe('10.1.2.3');
    for (let i = 0; i < 20; i++) await attempt(`${user}_${i}`, `2001:db8:${seq}:1::${i + 1}`);
    expect(await attempt(`${user}_x`, `2001:db8:${seq}:1:ffff::9`)).toBe(1);
    expect(await attempt(`${user}_x`, `2001:db8:${seq}:2::9`)).toBe(0);
  });

  it('starts counting again after a quiet hour', async () => {
    for (let i = 0; i < 5; i++) await attempt();
    now += 3_600_001;
    for (let i = 0; i < 5; i++) expect(await attempt()).toBe(0);
    expect(await attempt()).toBe(1);
  });

  it('is shared by every API node (state in the store), and attempts sent together count one by one', async () => {
    const other = new LoginThrottle(ts.db, clock);
    for (let i = 0; i < 3; i++) await attempt(user, ip, throttle);
    for (let i = 0; i < 2; i++) expect(await attempt(user, ip, other)).toBe(0);
    expect(await attempt(user, ip, throttle)).toBe(1);

    const name = `${user}_burst`;
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => attempt(name, `192.0.2.${i}`, i % 2 ? throttle : other)));
    // 5 free, then the 5th's block lands before any later attempt is counted.
    expect(results.filter((r) => r === 0)).toHaveLength(5);
  });

  it('forgets stale rows', async () => {
    for (let i = 0; i < 3; i++) await attempt();
    const count = async () =>
      Number(
        (
          await ts.db
            .selectFrom('login_throttle')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await count()).toBeGreaterThan(0);
    now += 400 * 86_400_000;
    await attempt(`${user}_late`, '192.0.2.250', new LoginThrottle(ts.db, clock));
    expect(await count()).toBe(2); // only the late attempt's name and address
  });
});
