import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGatewaySessionStore } from '../../src/modules/gateway-sessions/gateway-sessions.repository.js';
import type { GatewaySessionStore } from '../../src/ports/gateway-sessions.js';
import { openTestStore, T0, type TestStore } from '../helpers/store.js';

describe('gateway sessions (login memory of the wechaty adapter)', () => {
  let ts: TestStore;
  let store: GatewaySessionStore;
  let now = T0;
  beforeAll(async () => {
    ts = await openTestStore();
    store = createGatewaySessionStore(ts.db, { now: () => now });
  });
  afterAll(() => ts?.close());

  it('keeps the memory as JSON, replaces it on save, lists by gateway and removes', async () => {
    const memory = { '\rpuppet\nsession': { cookie: 'a=1; b=2', nested: [1, 'двa', null] }, nul: 'x\u0000y' };
    await store.save({ key: '1234567890', gateway: 'wechaty', puppet: 'wechaty-puppet-padlocal', tokenHash: 'abc', memory, enabled: true });
    expect(await store.get('1234567890')).toEqual({
      key: '1234567890',
      gateway: 'wechaty',
      puppet: 'wechaty-puppet-padlocal',
      tokenHash: 'abc',
      memory,
      enabled: true,
      updatedAt: T0,
    });

    now = T0 + 1000;
    await store.save({
      key: '1234567890',
      gateway: 'wechaty',
      puppet: 'wechaty-puppet-padlocal',
      tokenHash: 'abc',
      memory: { fresh: true },
      enabled: false,
    });
    await store.save({
      key: '2222222222',
      gateway: 'wechaty',
      puppet: 'wechaty-puppet-padlocal',
      tokenHash: '',
      memory: {},
      enabled: true,
    });
    await store.save({ key: '3333333333', gateway: 'other', puppet: '', tokenHash: '', memory: {}, enabled: true });
    expect(await store.get('1234567890')).toMatchObject({ memory: { fresh: true }, enabled: false, updatedAt: T0 + 1000 });
    expect((await store.list('wechaty')).map((s) => s.key)).toEqual(['1234567890', '2222222222']);

    await store.remove('1234567890');
    expect(await store.get('1234567890')).toBeUndefined();
    expect(await store.get('nope')).toBeUndefined();
  });

  it('a damaged memory reads as empty (costs a new QR code, not a crash)', async () => {
    await ts.db
      .insertInto('gateway_sessions')
      .values({
        account_key: '4444444444',
        gateway: 'wechaty',
        puppet: 'p',
        token_hash: '',
        memory: '{not json',
        enabled: 1,
        updated_at: T0,
      })
      .execute();
    expect((await store.get('4444444444'))?.memory).toEqual({});
  });
});
