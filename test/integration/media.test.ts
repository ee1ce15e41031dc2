import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type Reply } from '../helpers/http.js';
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
