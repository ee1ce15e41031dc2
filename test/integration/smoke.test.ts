import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../helpers/http.js';
import { startTestSystem, type TestSystem } from '../helpers/system.js';
import { worldFacts } from '../helpers/world.js';

describe('embedded system', () => {
  let sys: TestSystem;
  let admin: Client;
  beforeAll(async () => {
    sys = await startTestSystem();
    admin = await Client.login(sys.running.app!);
  });
  afterAll(() => sys?.close());

  it('stores the simulated accounts with friends, rooms and members', async () => {
    const facts = await worldFacts(sys);
    expect(facts).toHaveLength(3);
    for (const f of facts) {
      expect(f.account.status).toBe(1);
      expect(f.friend.py_quan_pin).toMatch(/^[a-z]+/);
      expect(f.members.length).toBeGreaterThan(0);
    }
  });

  it('shows an injected message in the recent list', async () => {
    const [f] = await worldFacts(sys);
    const r = await admin.post('/api/v1/simulator/inbound', { uin: f!.account.uin, from: f!.friend.user_name, text: '你好，在吗' });
    expect(r.status).toBe(202);
    await sys.settle();
    const list = await admin.get('/wechat_api/message/findLastMsgList', { status: 1, uin: f!.account.uin });
    expect(list.body.code).toBe(200);
    const first = list.body.data.lastMsgList[0];
    expect(first.userName).toBe(f!.friend.user_name);
    expect(JSON.parse(first.lastMsg).content).toBe('你好，在吗');
  });
});
