import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import type { MemoryBus } from '../../src/adapters/bus/memory-bus.js';
import { loadConfig } from '../../src/config/config.js';
import { startRoles, type Running } from '../../src/roles/start.js';

export const PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const ADMIN_PASSWORD = 'admin-secret-1';

/** Which store a test run uses: SQLite by default, PostgreSQL in `npm run test:pg`. */
export const testDatabase = (): 'sqlite' | 'postgres' => (process.env.TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite');

/** A fresh, empty database: a temp SQLite file, or a new PostgreSQL schema dropped at the end. */
export async function freshDatabase(): Promise<{ url: string; schema?: string; drop(): Promise<void> }> {
  if (testDatabase() === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wxdesk-test-'));
    return { url: `sqlite:${path.join(dir, 'wxdesk.db')}`, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect(); // fails loudly when PostgreSQL is unreachable: these tests never skip
  await client.query(`create schema ${schema}`);
  await client.end();
  return {
    url: PG_URL,
    schema,
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    },
  };
}

export interface TestSystem {
  running: Running;
  bus: MemoryBus;
  /** Waits until every queued event and notification has been handled. */
  settle(): Promise<void>;
  /**
   * Another API node (role api only) on the same store and bus, as in a scale-out deployment:
   * its own session cache, event hub and HTTP app. Stopped by close(), before this one.
   */
  addApiNode(): Promise<Running>;
  close(): Promise<void>;
}

/** The whole embedded wxdesk in this process: real store, real bus, simulator, HTTP app. */
export async function startTestSystem(env: Record<string, string> = {}): Promise<TestSystem> {
  const db = await freshDatabase();
  const config = loadConfig({
    DATABASE_URL: db.url,
    DATA_DIR: os.tmpdir(),
    ADMIN_PASSWORD,
    SIM_SEED: '7',
    SIM_ACCOUNTS: '3',
    SIM_RATE: '0',
    SIM_DELAY_MS: '20',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const running = await startRoles(config, {
    log: pino({ level: process.env.TEST_LOG ?? 'silent' }),
    ...(db.schema ? { storeSchema: db.schema } : {}),
  });
  await running.app!.ready();
  const bus = running.bus as MemoryBus;
  const settle = async () => {
    // Events lead to notifications which may lead to more events: drain until quiet.
    for (let i = 0; i < 3; i++) {
      await bus.idle();
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  await settle();
  const nodes: Running[] = [];
  return {
    running,
    bus,
    settle,
    addApiNode: async () => {
      const node = await startRoles(
        { ...config, ROLE: 'api' },
        { log: pino({ level: process.env.TEST_LOG ?? 'silent' }), bus, ...(db.schema ? { storeSchema: db.schema } : {}) },
      );
      await node.app!.ready();
      nodes.push(node);
      return node;
    },
    close: async () => {
      for (const node of nodes.splice(0)) await node.stop();
      await running.stop();
      await db.drop();
    },
  };
}
