import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRoomNickNames } from '../../src/compat/wechat-api/room-nicknames.js';
import { searchTypeOf } from '../../src/compat/wechat-api/contact.routes.js';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { AppError } from '../../src/core/errors.js';
import { pinyinKeys } from '../../src/core/pinyin.js';
import { formatDateTime } from '../../src/core/time.js';
import { hashPassword, verifyPassword } from '../../src/modules/auth/password.js';

/** The error `fn` throws (fails the test when it throws nothing). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('pinyinKeys', () => {
  it('gives lowercase initials and full pinyin without tones or spaces', () => {
    expect(pinyinKeys('正宗测试群')).toEqual({ initials: 'zzcsq', full: 'zhengzongceshiqun' });
    expect(pinyinKeys('李 娜')).toEqual({ initials: 'ln', full: 'lina' });
    expect(pinyinKeys('绿茶')).toEqual({ initials: 'lc', full: 'lvcha' });
    expect(pinyinKeys('重庆')).toEqual({ initials: 'cq', full: 'chongqing' });
  });

  it('keeps other characters, lowercased', () => {
    expect(pinyinKeys('Alice王')).toEqual({ initials: 'alicew', full: 'alicewang' });
    expect(pinyinKeys('售前-赖剑鑫')).toEqual({ initials: 'sq-ljx', full: 'shouqian-laijianxin' });
    expect(pinyinKeys('ABC 123')).toEqual({ initials: 'abc123', full: 'abc123' });
  });

  it('answers empty keys for nothing', () => {
    for (const v of ['', null, undefined]) expect(pinyinKeys(v)).toEqual({ initials: '', full: '' });
  });
});

describe('formatDateTime', () => {
  it('formats epoch ms in the given time zone', () => {
    expect(formatDateTime(1583760173240, 'Asia/Shanghai')).toBe('2020-03-09 21:22:53');
    expect(formatDateTime(1583760173240, 'UTC')).toBe('2020-03-09 13:22:53');
    expect(formatDateTime(Date.UTC(2020, 2, 9, 16, 0, 5), 'Asia/Shanghai')).toBe('2020-03-10 00:00:05');
    expect(formatDateTime(Date.UTC(1999, 11, 31, 23, 59, 59), 'UTC')).toBe('1999-12-31 23:59:59');
  });
});

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      PORT: 3000,
      HOST: '127.0.0.1',
      ROLE: 'all',
      GATEWAY: 'simulator',
      ADMIN_USER: 'admin',
      SIM_SEED: 1,
      SIM_ACCOUNTS: 3,
      SIM_RATE: 0.2,
      TZ_DISPLAY: 'Asia/Shanghai',
    });
    expect(c.DATA_DIR).toBe(path.resolve('./data'));
    expect(c.DATABASE_URL).toBe(`sqlite:${path.join(path.resolve('./data'), 'wxdesk.db')}`);
    expect(c.BROKER_URL).toBeUndefined();
    expect(c.ADMIN_PASSWORD).toBeUndefined();
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('puts the default database under DATA_DIR and converts numbers', () => {
    const c = loadConfig({ DATA_DIR: '/tmp/wxdesk-cfg', PORT: '8080', SIM_RATE: '1.5', HOST: '' });
    expect(c.DATABASE_URL).toBe('sqlite:/tmp/wxdesk-cfg/wxdesk.db');
    expect(c.PORT).toBe(8080);
    expect(c.SIM_RATE).toBe(1.5);
    expect(c.HOST).toBe('127.0.0.1'); // empty is unset
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).DATABASE_URL).toBe('postgres://u@h/db');
  });

  it('rejects a PORT that is not a number', () => {
    const e = thrown(() => loadConfig({ PORT: 'abc' }));
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as ConfigError).problems).toEqual([expect.stringMatching(/^PORT:/)]);
    expect(thrown(() => loadConfig({ PORT: '70000' }))).toBeInstanceOf(ConfigError);
  });

  it('reports every bad variable at once', () => {
    const e = thrown(() =>
      loadConfig({ PORT: 'abc', ROLE: 'boss', SIM_RATE: '-1', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', TZ_DISPLAY: 'Mars/Olympus' }),
    ) as ConfigError;
    expect(e).toBeInstanceOf(ConfigError);
    const named = e.problems.map((p) => p.split(':')[0]!).sort();
    expect(named).toEqual(['DATABASE_URL', 'LOG_LEVEL', 'PORT', 'ROLE', 'SIM_RATE', 'TZ_DISPLAY']);
    expect(e.message).toContain('PORT');
    expect(e.message).toContain('TZ_DISPLAY');
    const both = thrown(() => loadConfig({ PORT: 'abc', GATEWAY: 'wechaty' })) as ConfigError;
    expect(both.problems.map((p) => p.split(':')[0]!).sort()).toEqual(['PORT', 'WECHATY_PUPPET']);
  });

  it('checks the time zone and the wechaty puppet', () => {
    expect((thrown(() => loadConfig({ TZ_DISPLAY: 'Mars/Olympus' })) as ConfigError).problems).toEqual([
      expect.stringMatching(/^TZ_DISPLAY/),
    ]);
    expect((thrown(() => loadConfig({ GATEWAY: 'wechaty' })) as ConfigError).problems).toEqual([expect.stringMatching(/^WECHATY_PUPPET/)]);
    expect(loadConfig({ GATEWAY: 'wechaty', WECHATY_PUPPET: 'wechaty-puppet-mock' }).WECHATY_PUPPET).toBe('wechaty-puppet-mock');
  });

  it('trusts no proxy unless told, and takes true or a list of proxy addresses', () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1,fd00::/8,loopback' }).TRUST_PROXY).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
      '::1',
      'fd00::/8',
      'loopback',
    ]);
    for (const bad of ['1', 'yes', '10.0.0.0/33', 'proxy.local', '127.0.0.1,', '1.2.3.4/8/1'])
      expect((thrown(() => loadConfig({ TRUST_PROXY: bad })) as ConfigError).problems, bad).toEqual([
        expect.stringMatching(/^TRUST_PROXY:/),
      ]);
  });

  it('takes PUBLIC_URL as an http(s) origin and nothing more', () => {
    expect(loadConfig({}).PUBLIC_URL).toBeUndefined();
    expect(loadConfig({ PUBLIC_URL: 'https://Desk.Example.com/' }).PUBLIC_URL).toBe('https://desk.example.com');
    expect(loadConfig({ PUBLIC_URL: 'http://10.0.0.5:8080' }).PUBLIC_URL).toBe('http://10.0.0.5:8080');
    expect(loadConfig({ PUBLIC_URL: 'https://desk.example.com:443' }).PUBLIC_URL).toBe('https://desk.example.com');
    for (const bad of [
      'desk.example.com',
      'ftp://desk.example.com',
      'https://desk.example.com/console',
      'https://u:p@desk.example.com',
      'https://x?y=1',
      'https://',
    ])
      expect((thrown(() => loadConfig({ PUBLIC_URL: bad })) as ConfigError).problems, bad).toEqual([expect.stringMatching(/^PUBLIC_URL:/)]);
  });
});

describe('password hashing', () => {
  it('verifies the right password and rejects a wrong one', async () => {
    const hash = await hashPassword('s3cret-密码');
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(await verifyPassword('s3cret-密码', hash)).toBe(true);
    expect(await verifyPassword('s3cret-密', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('salts every hash', async () => {
    const [a, b] = await Promise.all([hashPassword('same'), hashPassword('same')]);
    expect(a).not.toBe(b);
    expect(await verifyPassword('same', a)).toBe(true);
    expect(await verifyPassword('same', b)).toBe(true);
  });

  it('rejects a stored value of another scheme', async () => {
    expect(await verifyPassword('x', 'plain:x')).toBe(false);
    expect(await verifyPassword('x', '')).toBe(false);
  });
});

describe('parseRoomNickNames', () => {
  it('accepts a JSON array', () => {
    expect(parseRoomNickNames('[{"userName":"a","nickName":"阿"},{"userName":"b","nickName":"B"}]')).toEqual(
      new Map([
        ['a', '阿'],
        ['b', 'B'],
      ]),
    );
  });

  it("accepts the seed's comma-joined objects", () => {
    expect(parseRoomNickNames('{"userName":"a","nickName":"🐨"},{"userName":"b","nickName":"售前-赖剑鑫"}')).toEqual(
      new Map([
        ['a', '🐨'],
        ['b', '售前-赖剑鑫'],
      ]),
    );
  });

  it('accepts a single object, and nothing', () => {
    expect(parseRoomNickNames(' {"userName":"a","nickName":"阿"} ')).toEqual(new Map([['a', '阿']]));
    expect(parseRoomNickNames(undefined)).toEqual(new Map());
    expect(parseRoomNickNames('  ')).toEqual(new Map());
  });

  it('rejects anything else as param.invalid naming roomNickName', () => {
    for (const bad of ['not json', '{"userName":"a"', '[{"userName":"a"}]', '[1,2]', '"text"', '[null]', '{"userName":1,"nickName":"x"}']) {
      const e = thrown(() => parseRoomNickNames(bad));
      expect(e, bad).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('param.invalid');
      expect((e as AppError).status).toBe(400);
      expect((e as AppError).param).toBe('roomNickName');
      expect((e as AppError).message).toContain('roomNickName');
    }
  });
});

describe('searchTypeOf', () => {
  it('takes an explicit type by name or number', () => {
    expect(searchTypeOf('wxid', '13800138000')).toBe('wxid');
    expect(searchTypeOf('1', '13800138000')).toBe('wxid');
    expect(searchTypeOf('phone', 'x')).toBe('phone');
    expect(searchTypeOf('mobile', 'x')).toBe('phone');
    expect(searchTypeOf('2', 'x')).toBe('phone');
    expect(searchTypeOf('qq', 'x')).toBe('qq');
    expect(searchTypeOf('QQ', 'x')).toBe('qq');
    expect(searchTypeOf('3', 'x')).toBe('qq');
  });

  it('infers the type from the query when none is given', () => {
    for (const t of [undefined, '', '0']) {
      expect(searchTypeOf(t, '13800138000')).toBe('phone');
      expect(searchTypeOf(t, '12345')).toBe('qq');
      expect(searchTypeOf(t, '23800138000')).toBe('qq');
      expect(searchTypeOf(t, '1234')).toBe('wxid');
      expect(searchTypeOf(t, 'wxid_abc123')).toBe('wxid');
    }
  });

  it('rejects an unknown type naming the parameter', () => {
    const e = thrown(() => searchTypeOf('email', 'a@b.c')) as AppError;
    expect(e).toBeInstanceOf(AppError);
    expect(e.code).toBe('param.invalid');
    expect(e.param).toBe('type');
  });
});
