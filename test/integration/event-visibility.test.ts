import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerEvent, ServerEventType } from '../../src/api/index.js';
import { openEvents } from '../helpers/events.js';
import { Client } from '../helpers/http.js';
import { startTestSystem, type TestSystem } from '../helpers/system.js';
import { worldFacts } from '../helpers/world.js';

type Stream = Awaited<ReturnType<typeof openEvents>>;

/**
 * The event stream shows an operator what the API shows it, for every event type: each
 * event happens on account 0; an administrator's stream receives it (so it did happen), an
 * agent without account 0 receives nothing of it, and keyword hits reach, of the agents
 * with the account, only the keyword's owner, as GET /keywords/hits shows them.
 */
describe('the event stream applies the API’s visibility to every event type', () => {
  let sys: TestSystem;
  let admin: Client;
  let outsider: Client; // account 1 only
  let insider: Client; // account 0, no keyword of its own
  let owner: Client; // account 0, with its own keyword
  let facts: Awaited<ReturnType<typeof worldFacts>>;
  let uin0: string;
  let adminStream: Stream;
  let outsiderStream: Stream;
  let insiderStream: Stream;
  let ownerStream: Stream;

  beforeAll(async () => {
    sys = await startTestSystem();
    admin = await Client.login(sys.running.app!);
    facts = await worldFacts(sys);
    uin0 = facts[0]!.account.uin;
    outsider = await admin.agent('vis-outsider', [facts[1]!.account.uin]);
    insider = await admin.agent('vis-insider', [uin0]);
    owner = await admin.agent('vis-owner', [uin0]);
    adminStream = await openEvents(sys.running.app!, admin.token);
    outsiderStream = await openEvents(sys.running.app!, outsider.token);
    insiderStream = await openEvents(sys.running.app!, insider.token);
    ownerStream = await openEvents(sys.running.app!, owner.token);
    // Every stream works: each agent gets what happens on its own account.
    const f1 = facts[1]!;
    await admin.post('/api/v1/simulator/inbound', { uin: f1.account.uin, from: f1.friend.user_name, text: '给外人的' });
    await outsiderStream.waitFor((e) => e.type === 'message.new' && e.data.message.content === '给外人的');
  });
  afterAll(async () => {
    for (const s of [adminStream, outsiderStream, insiderStream, ownerStream]) s?.close();
    await sys?.close();
  });

  /** Waits for the administrator to receive an event of this type on account 0, then checks the outsider received none. */
  async function seenOnlyByThoseWhoMay(type: ServerEventType, match: (e: ServerEvent) => boolean = () => true) {
    const event = await adminStream.waitFor((e) => e.type === type && (e.data as { uin: string | null }).uin === uin0 && match(e));
    await sys.settle();
    expect(outsiderStream.frames.filter((f) => f.data?.uin === uin0)).toEqual([]);
    return event;
  }

  it('message.new', async () => {
    const f = facts[0]!;
    await admin.post('/api/v1/simulator/inbound', { uin: uin0, from: f.friend.user_name, text: '只给能看的人' });
    await seenOnlyByThoseWhoMay('message.new', (e) => e.type === 'message.new' && e.data.message.content === '只给能看的人');
    await insiderStream.waitFor((e) => e.type === 'message.new' && e.data.message.content === '只给能看的人');
  });

  it('message.updated', async () => {
    const sent = await admin.post(`/api/v1/conversations/${facts[0]!.friend.id}/messages`, { text: '发出去的', tokenId: 'vis-1' });
    expect(sent.status).toBe(202);
    await seenOnlyByThoseWhoMay('message.updated', (e) => e.type === 'message.updated' && e.data.message.tokenId === 'vis-1');
  });

  it('conversation.updated', async () => {
    expect((await admin.post(`/api/v1/conversations/${facts[0]!.friend.id}/read`)).status).toBeLessThan(300);
    await seenOnlyByThoseWhoMay(
      'conversation.updated',
      (e) => e.type === 'conversation.updated' && e.data.contactId === facts[0]!.friend.id,
    );
  });

  it('contact.updated', async () => {
    const r = await admin.put(`/api/v1/contacts/${facts[0]!.friend.id}/setting`, { setting: 1 });
    expect(r.status, r.raw).toBe(200);
    await seenOnlyByThoseWhoMay(
      'contact.updated',
      (e) => e.type === 'contact.updated' && e.data.contacts.some((c) => c.id === facts[0]!.friend.id),
    );
  });

  it('room.updated', async () => {
    const r = await admin.put(`/api/v1/contacts/${facts[0]!.room.id}/setting`, { setting: 3 });
    expect(r.status, r.raw).toBe(200);
    await seenOnlyByThoseWhoMay('room.updated', (e) => e.type === 'room.updated' && e.data.room.id === facts[0]!.room.id);
  });

  it('keyword.hit: not to an agent without the account, nor to one with the account but not the keyword', async () => {
    expect((await admin.post('/api/v1/keywords', { keyword: '管理员词' })).status).toBeLessThan(300);
    expect((await owner.post('/api/v1/keywords', { keyword: '客服词' })).status).toBeLessThan(300);
    await sys.settle();
    const f = facts[0]!;
    const send = (text: string) =>
      admin.post('/api/v1/simulator/inbound', { uin: uin0, from: f.members[0]!.user_name, room: f.room.user_name, text });
    await send('这里有管理员词');
    await send('这里有客服词');
    const adminHit = await seenOnlyByThoseWhoMay('keyword.hit', (e) => e.type === 'keyword.hit' && e.data.hit.keyword === '管理员词');
    await seenOnlyByThoseWhoMay('keyword.hit', (e) => e.type === 'keyword.hit' && e.data.hit.keyword === '客服词');
    const ownHit = await ownerStream.waitFor((e) => e.type === 'keyword.hit' && e.data.hit.keyword === '客服词');
    await sys.settle();

    // The stream says what GET /keywords/hits says, to each of them.
    const streamed = (s: Stream) => s.frames.filter((x) => x.type === 'keyword.hit').map((x) => x.data.hit.id);
    const listed = async (c: Client) => ((await c.get('/api/v1/keywords/hits')).body as { id: number }[]).map((h) => h.id);
    expect(streamed(insiderStream)).toEqual([]);
    expect(await listed(insider)).toEqual([]);
    expect(streamed(ownerStream)).toEqual([ownHit.type === 'keyword.hit' && ownHit.data.hit.id]);
    expect(await listed(owner)).toEqual(streamed(ownerStream));
    expect(streamed(adminStream).toSorted((a, b) => a - b)).toEqual((await listed(admin)).toSorted((a, b) => a - b));
    expect(streamed(adminStream)).toContain(adminHit.type === 'keyword.hit' && adminHit.data.hit.id);
    // The agent with the account still gets the messages themselves.
    await insiderStream.waitFor((e) => e.type === 'message.new' && e.data.message.content === '这里有客服词');
  });

  it('job.progress', async () => {
    const r = await admin.post(`/api/v1/accounts/${uin0}/sync`);
    expect(r.status, r.raw).toBeLessThan(300);
    await seenOnlyByThoseWhoMay('job.progress');
  });

  it('friendRequest.updated', async () => {
    let sent = false;
    for (const room of facts[0]!.rooms) {
      const members = (await admin.get(`/api/v1/rooms/${room.id}/members`)).body as { userName: string; isFriend: boolean }[];
      const stranger = members.find((m) => !m.isFriend && m.userName !== facts[0]!.account.user_name);
      if (!stranger) continue;
      const r = await admin.post(`/api/v1/rooms/${room.id}/members/${encodeURIComponent(stranger.userName)}/friend-request`, {
        verify: '你好',
      });
      expect(r.status, r.raw).toBe(202);
      sent = true;
      break;
    }
    expect(sent, 'a stranger in a room of account 0').toBe(true);
    await seenOnlyByThoseWhoMay('friendRequest.updated');
  });

  it('conversation.deleted', async () => {
    const r = await admin.request({ method: 'DELETE', url: `/api/v1/contacts/${facts[0]!.friend.id}/messages` });
    expect(r.status, r.raw).toBe(200);
    await seenOnlyByThoseWhoMay('conversation.deleted');
  });

  it('account.qr: only administrators, for a known account too (logging accounts in is theirs alone)', async () => {
    const at = Date.now();
    await sys.bus.publish('events', { type: 'qr', uin: uin0, qrUrl: '/avatars/qr-known.svg', at });
    await sys.bus.publish('events', { type: 'qr', qrUrl: '/avatars/qr-new.svg', at });
    await seenOnlyByThoseWhoMay('account.qr');
    await adminStream.waitFor((e) => e.type === 'account.qr' && e.data.qrUrl === '/avatars/qr-new.svg');
    await sys.settle();
    for (const s of [insiderStream, ownerStream, outsiderStream]) expect(s.frames.filter((f) => f.type === 'account.qr')).toEqual([]);
  });

  it('account.updated', async () => {
    expect((await admin.post(`/api/v1/accounts/${uin0}/logout`)).status).toBe(202);
    await seenOnlyByThoseWhoMay('account.updated', (e) => e.type === 'account.updated' && !e.data.account.online);
    expect((await admin.post(`/api/v1/accounts/${uin0}/login`)).status).toBe(202);
    await seenOnlyByThoseWhoMay('account.updated', (e) => e.type === 'account.updated' && e.data.account.online);
    await insiderStream.waitFor((e) => e.type === 'account.updated' && e.data.uin === uin0);
  });

  it('covers every event type', () => {
    const types: Record<ServerEventType, true> = {
      'message.new': true,
      'message.updated': true,
      'conversation.updated': true,
      'conversation.deleted': true,
      'contact.updated': true,
      'room.updated': true,
      'keyword.hit': true,
      'job.progress': true,
      'friendRequest.updated': true,
      'account.updated': true,
      'account.qr': true,
    };
    const seen = new Set(adminStream.frames.map((f) => f.type));
    for (const t of Object.keys(types)) expect(seen, t).toContain(t);
  });
});
