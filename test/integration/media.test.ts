import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type Reply } from '../helpers/http.js';
import { addMessage } from '../helpers/store.js';
import { startTestSystem, type TestSystem } from '../helpers/system.js';
import { worldFacts } from '../helpers/world.js';

/** A PNG no one has sent before: media are stored under their content hash. */
const freshPng = () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(64)]);
const hashOf = (data: Buffer) => createHash('sha256').update(data).digest('hex').slice(0, 32);

describe('images sent from the desk', () => {
  let sys: TestSystem;
  let admin: Client;
  let facts: Awaited<ReturnType<typeof worldFacts>>;
  let mediaDir: string;
  beforeAll(async () => {
    sys = await startTestSystem();
    admin = await Client.login(sys.running.app!);
    facts = await worldFacts(sys);
    mediaDir = sys.running.services.media.directory;
  });
  afterAll(() => sys?.close());

  const upload = (client: Client, contactId: number, png: Buffer, tokenId?: string): Promise<Reply> => {
    const form = new FormData();
    if (tokenId) form.append('tokenId', tokenId);
    form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'x.png');
    return client.request({ method: 'POST', url: `/api/v1/conversations/${contactId}/images`, payload: form as never });
  };
  /** The stored file of these bytes, and any upload of them still in progress (temporary files). */
  const filesOf = (png: Buffer) => ({
    stored: fs.existsSync(path.join(mediaDir, `${hashOf(png)}.png`)),
    temporary: fs.readdirSync(mediaDir).filter((n) => n.includes(hashOf(png)) && n.startsWith('.')),
  });

  it('a sent image is stored under its hash, with no temporary file left', async () => {
    const png = freshPng();
    const r = await upload(admin, facts[0]!.friend.id, png, 'media-ok-1');
    expect(r.status, r.raw).toBe(202);
    expect(r.body.url).toBe(`/media/${hashOf(png)}.png`);
    expect(filesOf(png)).toEqual({ stored: true, temporary: [] });
  });

  it('an upload to a room the account left is refused (409) and keeps no file', async () => {
    const room = facts[0]!.rooms.at(-1)!;
    expect((await admin.post(`/api/v1/rooms/${room.id}/quit`)).status).toBe(202);
    await sys.settle();
    expect((await admin.get(`/api/v1/rooms/${room.id}`)).body).toMatchObject({ isDelete: true });

    const png = freshPng();
    const r = await upload(admin, room.id, png);
    expect(r.status, r.raw).toBe(409);
    expect(filesOf(png)).toEqual({ stored: false, temporary: [] });
  });

  it('an upload with a tokenId of another conversation is refused (409) and keeps no file', async () => {
    const [f] = facts;
    expect((await admin.post(`/api/v1/conversations/${f!.friend.id}/messages`, { text: '先用掉', tokenId: 'media-taken' })).status).toBe(
      202,
    );
    const png = freshPng();
    const r = await upload(admin, f!.room.id, png, 'media-taken');
    expect(r.status, r.raw).toBe(409);
    expect(r.body).toMatchObject({ param: 'tokenId' });
    expect(filesOf(png)).toEqual({ stored: false, temporary: [] });
  });

  it('an upload repeating a tokenId answers the first message and keeps no second file', async () => {
    const first = freshPng();
    const again = freshPng();
    const one = await upload(admin, facts[1]!.friend.id, first, 'media-twice');
    const two = await upload(admin, facts[1]!.friend.id, again, 'media-twice');
    expect(one.status).toBe(202);
    expect(two.status).toBe(202);
    expect(two.body.id).toBe(one.body.id);
    expect(filesOf(first)).toEqual({ stored: true, temporary: [] });
    expect(filesOf(again)).toEqual({ stored: false, temporary: [] });
  });
});

describe('GET /media/<file>: only to operators who may see a message that carries it', () => {
  let sys: TestSystem;
  let admin: Client;
  let facts: Awaited<ReturnType<typeof worldFacts>>;
  let mediaDir: string;
  let png: Buffer;
  let url: string;
  beforeAll(async () => {
    sys = await startTestSystem();
    admin = await Client.login(sys.running.app!);
    facts = await worldFacts(sys);
    mediaDir = sys.running.services.media.directory;
    png = freshPng();
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), '报价单.png');
    const sent = await admin.request({
      method: 'POST',
      url: `/api/v1/conversations/${facts[0]!.friend.id}/images`,
      payload: form as never,
    });
    expect(sent.status, sent.raw).toBe(202);
    url = sent.body.url;
  });
  afterAll(() => sys?.close());

  const get = (path: string, headers: Record<string, string> = {}, method: 'GET' | 'HEAD' = 'GET') =>
    sys.running.app!.inject({ method, url: path, headers });
  const bearer = (c: Client) => ({ authorization: `Bearer ${c.token}` });

  it('without a session: 401, GET and HEAD alike, and no bytes', async () => {
    for (const method of ['GET', 'HEAD'] as const) {
      const r = await get(url, {}, method);
      expect(r.statusCode, method).toBe(401);
      expect(r.rawPayload.includes(png)).toBe(false);
    }
    expect((await get(url, { cookie: 'wxdesk_session=forged' })).statusCode).toBe(401);
  });

  it('to an administrator, by bearer token or by the session cookie (as the console’s <img> sends it): the bytes, as an image, private, never sniffed', async () => {
    for (const headers of [bearer(admin), { cookie: `wxdesk_session=${admin.token}` }]) {
      const r = await get(url, headers);
      expect(r.statusCode).toBe(200);
      expect(r.rawPayload.equals(png)).toBe(true);
      expect(r.headers['content-type']).toBe('image/png');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(String(r.headers['cache-control'])).toMatch(/^private\b/);
      expect(r.headers['content-disposition']).toBeUndefined();
    }
    // Revalidation is cheap: 304, without the bytes.
    const first = await get(url, bearer(admin));
    const again = await get(url, { ...bearer(admin), 'if-none-match': String(first.headers.etag) });
    expect(again.statusCode).toBe(304);
  });

  it('to an agent with the account; to one without, the same 404 as for a file that does not exist', async () => {
    const insider = await admin.agent('media-insider', [facts[0]!.account.uin]);
    const outsider = await admin.agent('media-outsider', [facts[1]!.account.uin]);
    expect((await get(url, bearer(insider))).statusCode).toBe(200);
    const denied = await get(url, bearer(outsider));
    const missing = await get(`/media/${'0'.repeat(32)}.png`, bearer(outsider));
    expect(denied.statusCode).toBe(404);
    expect(denied.rawPayload.includes(png)).toBe(false);
    expect(missing.statusCode).toBe(404);
    expect(denied.json().code).toBe(missing.json().code);
  });

  it('follows the session and the assignment at once: logged out 401, the account taken away 404', async () => {
    const agent = await admin.agent('media-moving', [facts[0]!.account.uin]);
    expect((await get(url, bearer(agent))).statusCode).toBe(200);
    await admin.put(`/api/v1/operators/${agent.operator.id}/accounts`, { uins: [facts[2]!.account.uin] });
    expect((await get(url, bearer(agent))).statusCode).toBe(404);
    await agent.post('/api/v1/auth/logout');
    expect((await get(url, bearer(agent))).statusCode).toBe(401);
  });

  it('a file in the media directory that no message carries: 404, to administrators too', async () => {
    const stray = freshPng();
    const name = `${hashOf(stray)}.png`;
    fs.writeFileSync(path.join(mediaDir, name), stray);
    expect((await get(`/media/${name}`, bearer(admin))).statusCode).toBe(404);
  });

  it('only names of files in the media directory: no dot files (uploads in progress), no paths', async () => {
    fs.writeFileSync(path.join(mediaDir, '.upload-probe'), 'x');
    await sys.running.store.db
      .updateTable('messages')
      .set({ url: '/media/.upload-probe' })
      .where('contact_id', '=', facts[1]!.friend.id)
      .where('is_out', '=', 0)
      .execute();
    for (const name of ['.upload-probe', '..%2F..%2Fetc%2Fpasswd', '..%2F' + 'wxdesk.db', 'a%2Fb.png', 'x%00.png'])
      expect((await get(`/media/${name}`, bearer(admin))).statusCode, name).toBeGreaterThanOrEqual(400);
    expect((await get('/media/', bearer(admin))).statusCode).toBe(404);
  });

  it('a received file that is not an image or a recording is a download, sandboxed: never a page of this origin', async () => {
    const html = Buffer.from(`<html><script>alert(document.cookie)</script> ${randomBytes(8).toString('hex')}</html>`);
    const name = `${hashOf(html)}.html`;
    fs.writeFileSync(path.join(mediaDir, name), html);
    await addMessage(sys.running.store.db, facts[0]!.friend, {
      msg_type: 49,
      content: '[文件]',
      url: `/media/${name}`,
      file_name: 'a.html',
    });
    const r = await get(`/media/${name}`, bearer(admin));
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-disposition']).toMatch(/^attachment/);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(String(r.headers['content-security-policy'])).toMatch(/sandbox/);
  });
});
