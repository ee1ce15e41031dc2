import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, contract, type Mode } from '../helpers/contract.js';
import { Client, type Reply } from '../helpers/http.js';
import { startTestSystem, type TestSystem } from '../helpers/system.js';
import { friendsOf, worldFacts } from '../helpers/world.js';
import { storeSnapshot } from '../helpers/store-snapshot.js';

/**
 * Regressions of the input-hardening review: each case answered 500 or 502, or was accepted,
 * before its fix. Every refusal is the API's own error shape and leaves the store as it was.
 */

type Facts = Awaited<ReturnType<typeof worldFacts>>[number];

let sys: TestSystem;
let app: FastifyInstance;
let admin: Client;
let one: Facts;
let friend: Facts['friend'];

const snapshot = (): Promise<string> => storeSnapshot(sys.running.store.db);

async function expectUnchanged(act: () => Promise<void>) {
  const before = await snapshot();
  await act();
  await sys.settle();
  expect(await snapshot()).toBe(before);
}

function expectEnvelope(r: Reply, status: number, param?: string, ctx = '') {
  expect(r.status, `${ctx}: ${r.raw.slice(0, 300)}`).toBe(status);
  expect(String(r.headers['content-type'])).toMatch(/^application\/json/);
  expect(Object.keys(r.body ?? {}).sort(), ctx).toEqual(['code', 'msg']);
  expect(r.body.code).toBe(status);
  expect(r.body.msg, ctx).toMatch(/[\u4e00-\u9fff]/);
  if (param) expect(r.body.msg, ctx).toContain(param);
}

function expectProblem(r: Reply, status: number, param?: string, ctx = '') {
  expect(r.status, `${ctx}: ${r.raw.slice(0, 300)}`).toBe(status);
  expect(String(r.headers['content-type'])).toMatch(/^application\/problem\+json/);
  expect(r.body).toMatchObject({ status, code: expect.any(String), title: expect.any(String), detail: expect.any(String) });
  expect(r.body.detail, ctx).toMatch(/[\u4e00-\u9fff]/);
  if (param) expect(r.body.param === param || String(r.body.detail).includes(param), `${ctx} names ${param}: ${r.raw}`).toBe(true);
}

beforeAll(async () => {
  sys = await startTestSystem();
  app = sys.running.app!;
  admin = await Client.login(app);
  one = (await worldFacts(sys))[0]!;
  friend = (await friendsOf(sys, one.account.id))[0]!;
  const r = await admin.post('/api/v1/simulator/inbound', { uin: one.account.uin, from: friend.user_name, text: '你好' });
  expect(r.status, r.raw).toBe(202);
  await sys.settle();
});

afterAll(() => sys?.close());

describe('numbers are finite integers in range', () => {
  const NON_FINITE = ['1e309', '-1e309', 'Infinity', '-Infinity', '+Infinity', '1e400', '-1e999'];

  it('/api/v1: page, pageSize, limit, before and ids that are not finite are a 400 naming them', async () => {
    await expectUnchanged(async () => {
      for (const v of NON_FINITE) {
        const cases: [InjectOptions, string][] = [
          [{ method: 'GET', url: '/api/v1/conversations', query: { page: v } }, 'page'],
          [{ method: 'GET', url: '/api/v1/conversations', query: { pageSize: v } }, 'pageSize'],
          [{ method: 'GET', url: `/api/v1/accounts/${one.account.uin}/contacts`, query: { page: v } }, 'page'],
          [{ method: 'GET', url: `/api/v1/accounts/${one.account.uin}/contacts`, query: { pageSize: v } }, 'pageSize'],
          [{ method: 'GET', url: '/api/v1/keywords/hits', query: { limit: v } }, 'limit'],
          [{ method: 'GET', url: '/api/v1/keywords/hits', query: { before: v } }, 'before'],
          [{ method: 'GET', url: `/api/v1/conversations/${friend.id}/messages`, query: { limit: v } }, 'limit'],
          [{ method: 'GET', url: `/api/v1/conversations/${friend.id}/messages`, query: { before: v } }, 'before'],
          [{ method: 'GET', url: `/api/v1/contacts/${encodeURIComponent(v)}` }, 'contactId'],
          [{ method: 'GET', url: `/api/v1/jobs/${encodeURIComponent(v)}` }, 'id'],
          [{ method: 'PUT', url: `/api/v1/contacts/${friend.id}/setting`, payload: { setting: v } }, 'setting'],
        ];
        for (const [req, param] of cases) {
          // oxlint-disable-next-line typescript/no-base-to-string, typescript/restrict-template-expressions -- every url here is a string
          expectProblem(await admin.request(req), 400, param, `${req.method} ${req.url} ${param}=${v}`);
        }
      }
    });
  });

  it('/wechat_api: page and pageSize that are not finite are a 400 naming them, however they are sent', async () => {
    await expectUnchanged(async () => {
      for (const v of NON_FINITE) {
        for (const param of ['page', 'pageSize']) {
          for (const mode of ['get', 'post-query', 'post-form', 'post-json'] as Mode[]) {
            const r = await call(admin, 'findLastMsgList (single chats)', { status: 1, [param]: v }, mode);
            expectEnvelope(r, 400, param, `${param}=${v} (${mode})`);
          }
        }
      }
      // JSON numbers beyond double range parse as Infinity.
      for (const raw of ['1e309', '-1e309']) {
        const r = await admin.request({
          method: 'POST',
          url: '/wechat_api/message/findLastMsgList',
          payload: `{"status":1,"page":${raw}}`,
          headers: { 'content-type': 'application/json' },
        });
        expectEnvelope(r, 400, 'page', `json page=${raw}`);
      }
    });
  });
});

describe('malformed multipart uploads', () => {
  const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
  const B = 'wxdeskBoundary1234';
  const field = (name: string, value: string) => `--${B}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const file = (name = 'file') =>
    Buffer.concat([
      Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="${name}"; filename="x.png"\r\nContent-Type: image/png\r\n\r\n`),
      PNG,
      Buffer.from('\r\n'),
    ]);
  const end = Buffer.from(`--${B}--\r\n`);
  const upload = (payload: Buffer | string, contentType = `multipart/form-data; boundary=${B}`) =>
    admin.request({ method: 'POST', url: `/api/v1/conversations/${friend.id}/images`, payload, headers: { 'content-type': contentType } });

  /** Each malformed form, and what its refusal says. */
  const cases: [string, () => Promise<Reply>, RegExp][] = [
    [
      'five text fields before the file',
      () => upload(Buffer.concat([Buffer.from([1, 2, 3, 4, 5].map((i) => field(`f${i}`, `v${i}`)).join('')), file(), end])),
      /字段过多/,
    ],
    ['no boundary', () => upload(Buffer.concat([file(), end]), 'multipart/form-data'), /boundary/],
    ['an empty boundary', () => upload(Buffer.concat([file(), end]), 'multipart/form-data; boundary='), /boundary|缺少图片文件/],
    ['a body cut off inside the file', () => upload(file().subarray(0, 120)), /不完整/],
    ['a body cut off in a part header', () => upload(`--${B}\r\nContent-Disposition: form-da`), /不完整|缺少图片文件/],
    ['two files', () => upload(Buffer.concat([file(), file('file2'), end])), /一个文件/],
    [
      'a file over 10 MB',
      () =>
        upload(
          Buffer.concat([
            Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="file"; filename="x.png"\r\nContent-Type: image/png\r\n\r\n`),
            PNG,
            Buffer.alloc(10 * 1024 * 1024),
            Buffer.from('\r\n'),
            end,
          ]),
        ),
      /10 MB/,
    ],
    ['a body that is not multipart at all', () => upload('{"file":"x"}'), /缺少图片文件/],
    ['an empty body', () => upload(''), /缺少图片文件|不完整/],
  ];
  for (const [label, send, reason] of cases) {
    it(`${label}: a 400 problem with a Chinese reason, nothing stored`, async () => {
      await expectUnchanged(async () => {
        const r = await send();
        expectProblem(r, 400, undefined, label);
        expect(r.body.detail, label).toMatch(reason);
        expect(r.raw).not.toMatch(/ERR_|FST_|Unexpected end|premature|reach .* limit/i);
      });
    });
  }

  it('a tokenId with a NUL byte or over 128 characters is a 400 naming it (PostgreSQL cannot store a NUL: it was a 500 there)', async () => {
    for (const tokenId of ['a\u0000b', 't'.repeat(129)]) {
      await expectUnchanged(async () => {
        const r = await upload(Buffer.concat([Buffer.from(field('tokenId', tokenId)), file(), end]));
        expectProblem(r, 400, 'tokenId', JSON.stringify(tokenId).slice(0, 20));
      });
    }
  });

  it('the same file alone is still sent (the cases above fail on their form, not on the image)', async () => {
    const r = await upload(Buffer.concat([file(), end]));
    expect(r.status, r.raw).toBe(202);
    expect(r.body).toMatchObject({ msgType: 3 });
    await sys.settle();
  });
});

describe('a parameter has one value', () => {
  it('doSave with {"keyword":["a","b"]} is a 400 naming keyword, and stores no keyword', async () => {
    await expectUnchanged(async () => {
      for (const keyword of [['a', 'b'], ['只一个'], []]) {
        const r = await call(admin, 'doSave', { keyword }, 'post-json');
        expectEnvelope(r, 400, 'keyword', JSON.stringify(keyword));
      }
    });
  });

  // Every contract parameter is a scalar but roomNickName, which the seed allows as a JSON array.
  const scalars = contract.calls.flatMap((c) =>
    Object.keys(c.params)
      .filter((p) => !(c.name === 'createChatRoom' && p === 'roomNickName'))
      .map((p) => [c, p] as const),
  );

  it('every scalar contract parameter given as a JSON array, or twice in a query or form, is a 400 naming it', async () => {
    await expectUnchanged(async () => {
      for (const [c, p] of scalars) {
        const ctx = `${c.name} ${p}`;
        expectEnvelope(await call(admin, c.name, { [p]: ['1', '2'] }, 'post-json'), 400, p, `${ctx} (json array)`);
        expectEnvelope(await call(admin, c.name, { [p]: [1] }, 'post-json'), 400, p, `${ctx} (json array of one)`);
        const twice = `${encodeURIComponent(p)}=1&${encodeURIComponent(p)}=2`;
        for (const method of ['GET', 'POST'] as const)
          expectEnvelope(await admin.request({ method, url: `${c.path}?${twice}` }), 400, p, `${ctx} (${method} query twice)`);
        expectEnvelope(
          await admin.request({
            method: 'POST',
            url: c.path,
            payload: twice,
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
          }),
          400,
          p,
          `${ctx} (form twice)`,
        );
      }
    });
  });

  it('roomNickName may still be a JSON array', async () => {
    const friends = (await friendsOf(sys, one.account.id)).slice(1, 3);
    const r = await call(
      admin,
      'createChatRoom',
      {
        uin: one.account.uin,
        userName: friends.map((f) => f.user_name).join(','),
        topic: '数组昵称群',
        roomNickName: [{ userName: friends[0]!.user_name, nickName: '阿一' }],
      },
      'post-json',
    );
    expect(r.body, r.raw).toStrictEqual({ code: 200, msg: '请求发送成功!' });
    await sys.settle();
  });

  it('/api/v1: an array where the schema has a scalar is a 400 naming the field, even an array of one', async () => {
    await expectUnchanged(async () => {
      const cases: [InjectOptions, string][] = [
        [{ method: 'POST', url: '/api/v1/keywords', payload: { keyword: ['只一个'] } }, 'keyword'],
        [{ method: 'POST', url: '/api/v1/keywords', payload: { keyword: ['a', 'b'] } }, 'keyword'],
        [{ method: 'PUT', url: `/api/v1/contacts/${friend.id}/setting`, payload: { setting: [1] } }, 'setting'],
        [{ method: 'POST', url: `/api/v1/conversations/${friend.id}/messages`, payload: { text: ['你好'] } }, 'text'],
        [{ method: 'POST', url: '/api/v1/auth/login', payload: { username: ['admin'], password: 'x-secret-1' } }, 'username'],
        [{ method: 'GET', url: '/api/v1/conversations?q=a&q=b' }, 'q'],
        [{ method: 'GET', url: '/api/v1/conversations?page=1&page=2' }, 'page'],
        [{ method: 'GET', url: `/api/v1/accounts/${one.account.uin}/search?q=a&q=b` }, 'q'],
      ];
      for (const [req, param] of cases) {
        // oxlint-disable-next-line typescript/no-base-to-string, typescript/restrict-template-expressions -- every url here is a string
        expectProblem(await admin.request(req), 400, param, `${req.method} ${req.url} ${JSON.stringify(req.payload)}`);
      }
    });
  });
});

describe('bad input is refused before the gateway', () => {
  let two: Facts;
  /** A room of account 2 that the account quits first; its first other member. */
  let left: Facts['room'];
  let member: string;

  const db = () => sys.running.store.db;
  const until = async (check: () => Promise<boolean>, what: string) => {
    for (let i = 0; i < 200; i++) {
      await sys.settle();
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`never: ${what}`);
  };
  const friendRequests = async () => (await db().selectFrom('friend_requests').select('id').execute()).length;

  beforeAll(async () => {
    two = (await worldFacts(sys))[1]!;
    left = two.rooms.at(-1)!;
    const members = await db().selectFrom('room_members').select('user_name').where('room_id', '=', left.id).execute();
    member = members.map((m) => m.user_name).find((u) => u !== two.account.user_name)!;
    expect((await admin.post(`/api/v1/rooms/${left.id}/quit`)).status).toBe(202);
    await until(
      async () =>
        (await db().selectFrom('contacts').select('is_delete').where('id', '=', left.id).executeTakeFirstOrThrow()).is_delete === 1,
      'the room is quit',
    );
  });

  it('a user search for blanks is a 400 naming the query, on both APIs', async () => {
    await expectUnchanged(async () => {
      for (const q of [' ', '   ', '\t', '\u3000', ' \n ']) {
        expectProblem(await admin.get(`/api/v1/accounts/${one.account.uin}/search`, { q }), 400, 'q', JSON.stringify(q));
        for (const mode of ['get', 'post-json'] as Mode[])
          expectEnvelope(
            await call(admin, 'ipadSearchContact', { uin: one.account.uin, userName: q }, mode),
            400,
            'userName',
            `${JSON.stringify(q)} (${mode})`,
          );
      }
    });
  });

  it('a room the account has left: member detail, friend requests, announcement and quitting again are a 409', async () => {
    const before = await friendRequests();
    await expectUnchanged(async () => {
      const room = { uin: two.account.uin, chatRoomName: left.user_name, userName: member };
      expectEnvelope(await call(admin, 'ipadGetMemberDetail', room), 409, undefined, 'ipadGetMemberDetail');
      expectProblem(await admin.get(`/api/v1/rooms/${left.id}/members/${member}`), 409, undefined, 'GET member');
      expectEnvelope(await call(admin, 'addChatRoomContactAndRecord', { ...room, verify: '你好' }), 409, undefined, 'addChatRoomContact');
      expectProblem(await admin.post(`/api/v1/rooms/${left.id}/members/${member}/friend-request`, {}), 409, undefined, 'friend-request');
      expectEnvelope(
        await call(admin, 'setAnnouncement', { uin: two.account.uin, content: '新公告', chatRoomId: left.user_name }, 'post-json'),
        409,
        undefined,
        'setAnnouncement',
      );
      expectProblem(await admin.put(`/api/v1/rooms/${left.id}/announcement`, { content: '新公告' }), 409, undefined, 'PUT announcement');
      expectEnvelope(
        await call(admin, 'deleteChatRoom', { uin: two.account.uin, chatRoomId: left.user_name }),
        409,
        undefined,
        'quit again',
      );
      expectProblem(await admin.post(`/api/v1/rooms/${left.id}/quit`), 409, undefined, 'POST quit again');
    });
    expect(await friendRequests()).toBe(before);
  });

  it('a room the account has left: its stored members are shown, with no refresh from the gateway', async () => {
    // Stale, so a joined room would be refreshed first.
    await db().updateTable('contacts').set({ members_synced_at: null }).where('id', '=', left.id).execute();
    const stored = (await db().selectFrom('room_members').select('user_name').where('room_id', '=', left.id).execute()).map(
      (m) => m.user_name,
    );
    const v1 = await admin.get(`/api/v1/rooms/${left.id}/members`);
    expect(v1.status, v1.raw).toBe(200);
    expect(v1.body.map((m: { userName: string }) => m.userName).sort()).toEqual([...stored].sort());
    const params = { uin: two.account.uin, userName: two.account.user_name, charRoomId: left.user_name };
    const heads = await call(admin, 'getMemberHeadImg', params);
    expect(heads.status, heads.raw).toBe(200);
    expect(heads.body.data).toHaveLength(stored.length);
    const members = await call(admin, 'getMember', params);
    expect(members.status, members.raw).toBe(200);
    expect(JSON.parse(members.body as string)).toHaveLength(stored.length);
  });

  it('a friend request to the account itself is a 400 naming userName, and records nothing', async () => {
    const self = one.account.user_name;
    const before = await friendRequests();
    await expectUnchanged(async () => {
      expectEnvelope(
        await call(admin, 'addChatRoomContactAndRecord', { uin: one.account.uin, chatRoomName: one.room.user_name, userName: self }),
        400,
        'userName',
      );
      expectProblem(await admin.post(`/api/v1/rooms/${one.room.id}/members/${self}/friend-request`, {}), 400, 'userName');
      expectProblem(
        await admin.post(`/api/v1/accounts/${one.account.uin}/friend-requests`, { userName: self, ticket: 'v4_x', verify: '你好' }),
        400,
        'userName',
      );
    });
    expect(await friendRequests()).toBe(before);
  });

  describe('an account that is offline', () => {
    const online = async () =>
      (await db().selectFrom('accounts').select('status').where('id', '=', two.account.id).executeTakeFirstOrThrow()).status === 1;

    beforeAll(async () => {
      expect((await admin.post('/api/v1/simulator/faults', { uin: two.account.uin, kind: 'dropLogin' })).status).toBe(204);
      await until(async () => !(await online()), 'the account is offline');
    });
    afterAll(async () => {
      expect((await admin.post(`/api/v1/accounts/${two.account.uin}/login`)).status).toBe(202);
      await until(online, 'the account is online again');
    });

    it('search and member detail are a 409 saying so, not a 502', async () => {
      await expectUnchanged(async () => {
        const q = { q: two.friend.user_name };
        const r = await admin.get(`/api/v1/accounts/${two.account.uin}/search`, q);
        expectProblem(r, 409, undefined, 'search');
        expect(r.body.detail).toContain('不在线');
        expectEnvelope(
          await call(admin, 'ipadSearchContact', { uin: two.account.uin, userName: two.friend.user_name }),
          409,
          undefined,
          'search',
        );
        const m = two.members[0]!.user_name;
        expectProblem(await admin.get(`/api/v1/rooms/${two.room.id}/members/${m}`), 409, undefined, 'member detail');
        expectEnvelope(
          await call(admin, 'ipadGetMemberDetail', { uin: two.account.uin, chatRoomName: two.room.user_name, userName: m }),
          409,
          undefined,
          'member detail',
        );
      });
    });

    it('room members are the stored ones, not a 502', async () => {
      await db().updateTable('contacts').set({ members_synced_at: null }).where('id', '=', two.room.id).execute();
      const r = await admin.get(`/api/v1/rooms/${two.room.id}/members`);
      expect(r.status, r.raw).toBe(200);
      expect(r.body.length).toBeGreaterThan(0);
      const c = await call(admin, 'getMember', { uin: two.account.uin, userName: two.account.user_name, charRoomId: two.room.user_name });
      expect(c.status, c.raw).toBe(200);
    });
  });
});
