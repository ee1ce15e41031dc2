import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEvents } from '../helpers/events.js';
import { Client } from '../helpers/http.js';
import { startTestSystem, type TestSystem } from '../helpers/system.js';
import { worldFacts } from '../helpers/world.js';

describe('WebSocket /api/v1/events', () => {
  let sys: TestSystem;
  let admin: Client;
  let facts: Awaited<ReturnType<typeof worldFacts>>;
  beforeAll(async () => {
    sys = await startTestSystem();
    admin = await Client.login(sys.running.app!);
    facts = await worldFacts(sys);
  });
  afterAll(() => sys?.close());

  it('refuses a socket without a valid token', async () => {
    await expect(sys.running.app!.injectWS('/api/v1/events?token=nope')).rejects.toThrow();
  });

  it('greets, then pushes a new message with its conversation, to the operator who may see it only', async () => {
    const [a1, a2] = facts;
    const agent = await admin.agent('events-agent', [a2!.account.uin]);
    const adminStream = await openEvents(sys.running.app!, admin.token);
    const agentStream = await openEvents(sys.running.app!, agent.token);
    expect((await agentStream.waitFor((e) => (e.type as string) === 'hello')).data).toMatchObject({ uins: [a2!.account.uin] });

    await admin.post('/api/v1/simulator/inbound', { uin: a1!.account.uin, from: a1!.friend.user_name, text: '只给能看的人' });
    const e = await adminStream.waitFor((ev) => ev.type === 'message.new' && ev.data.message.content === '只给能看的人');
    if (e.type !== 'message.new') throw new Error('unexpected');
    expect(e.data.uin).toBe(a1!.account.uin);
    expect(e.data.conversation?.contact.userName).toBe(a1!.friend.user_name);
    expect(e.data.conversation?.unread).toBeGreaterThan(0);

    await admin.post('/api/v1/simulator/inbound', { uin: a2!.account.uin, from: a2!.friend.user_name, text: '给代理的' });
    await agentStream.waitFor((ev) => ev.type === 'message.new' && ev.data.message.content === '给代理的');
    await sys.settle();
    const leaked = agentStream.frames.filter((f) => f.data?.uin === a1!.account.uin);
    expect(leaked).toEqual([]);
    adminStream.close();
    agentStream.close();
  });

  it('pushes a send going from pending to sent, and a keyword hit', async () => {
    const [f] = facts;
    const stream = await openEvents(sys.running.app!, admin.token);
    const sent = await admin.post(`/api/v1/conversations/${f!.friend.id}/messages`, { text: '您好', tokenId: 'ev-1' });
    expect(sent.status).toBe(202);
    expect(sent.body.sendStatus).toBe(0);
    const updated = await stream.waitFor((e) => e.type === 'message.updated' && e.data.message.tokenId === 'ev-1');
    if (updated.type !== 'message.updated') throw new Error('unexpected');
    expect(updated.data.message.sendStatus).toBe(1);
    expect(updated.data.message.msgId).toBeTruthy();

    await admin.post('/api/v1/keywords', { keyword: '返现' });
    await sys.settle();
    const member = f!.members[0]!;
    await admin.post('/api/v1/simulator/inbound', {
      uin: f!.account.uin,
      from: member.user_name,
      room: f!.room.user_name,
      text: '加群返现五十',
    });
    const hit = await stream.waitFor((e) => e.type === 'keyword.hit');
    if (hit.type !== 'keyword.hit') throw new Error('unexpected');
    expect(hit.data.hit).toMatchObject({
      keyword: '返现',
      uin: f!.account.uin,
      room: { userName: f!.room.user_name },
      sender: member.user_name,
      content: '加群返现五十',
    });
    stream.close();
  });

  it('reaches an agent assigned after it connected', async () => {
    const [, , a3] = facts;
    const agent = await admin.agent('late-agent', []);
    const stream = await openEvents(sys.running.app!, agent.token);
    await admin.put(`/api/v1/operators/${agent.operator.id}/accounts`, { uins: [a3!.account.uin] });
    await sys.settle();
    await admin.post('/api/v1/simulator/inbound', { uin: a3!.account.uin, from: a3!.friend.user_name, text: '新分配的' });
    await stream.waitFor((e) => e.type === 'message.new' && e.data.message.content === '新分配的');
    stream.close();
  });
});
