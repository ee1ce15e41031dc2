import type { Kysely } from 'kysely';
import type { Database, GatewaySessionRow } from '../../store/schema.js';
import type { Clock } from '../../core/time.js';
import type { GatewaySession, GatewaySessionStore } from '../../ports/gateway-sessions.js';

type Db = Kysely<Database>;

/** The one mapper between the table row and the port's shape. */
function toSession(row: GatewaySessionRow): GatewaySession {
  let memory: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(row.memory);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) memory = parsed as Record<string, unknown>;
  } catch {
    // A damaged memory only costs a new QR code: start from an empty one.
  }
  return {
    key: row.account_key,
    gateway: row.gateway,
    puppet: row.puppet,
    tokenHash: row.token_hash,
    memory,
    enabled: row.enabled === 1,
    updatedAt: row.updated_at,
  };
}

/** Gateway login memory in the store (table gateway_sessions, primary key account_key). */
export function createGatewaySessionStore(db: Db, clock: Clock): GatewaySessionStore {
  return {
    async list(gateway) {
      const rows = await db.selectFrom('gateway_sessions').selectAll().where('gateway', '=', gateway).orderBy('account_key').execute();
      return rows.map(toSession);
    },
    async get(key) {
      const row = await db.selectFrom('gateway_sessions').selectAll().where('account_key', '=', key).executeTakeFirst();
      return row && toSession(row);
    },
    async save(s) {
      const cols = {
        gateway: s.gateway,
        puppet: s.puppet,
        token_hash: s.tokenHash,
        // PostgreSQL text cannot hold NUL; JSON escapes it, so the text never contains one.
        memory: JSON.stringify(s.memory),
        enabled: s.enabled ? 1 : 0,
        updated_at: clock.now(),
      };
      await db
        .insertInto('gateway_sessions')
        .values({ account_key: s.key, ...cols })
        .onConflict((oc) => oc.column('account_key').doUpdateSet(cols))
        .execute();
    },
    async remove(key) {
      await db.deleteFrom('gateway_sessions').where('account_key', '=', key).execute();
    },
  };
}
