/**
 * Where a gateway keeps what it needs to log an account back in after a restart (a Wechaty
 * puppet's "memory card"). Keyed by the account's uin; a session that never logged in is not
 * kept. The store only holds it: what the memory means is the adapter's business.
 */
export interface GatewaySession {
  /** The account's uin. */
  key: string;
  /** The adapter that owns the session, e.g. `wechaty`. */
  gateway: string;
  /** The puppet (or protocol) the session was made with; a different one cannot reuse it. */
  puppet: string;
  /** Fingerprint of the token the session uses (never the token itself); '' when none. */
  tokenHash: string;
  /** The puppet's login memory, as JSON-compatible data. */
  memory: Record<string, unknown>;
  /** False once an operator logged the account out: it is not started again on its own. */
  enabled: boolean;
  updatedAt: number;
}

export interface GatewaySessionStore {
  list(gateway: string): Promise<GatewaySession[]>;
  get(key: string): Promise<GatewaySession | undefined>;
  /** Inserts or replaces the session with this key. */
  save(session: Omit<GatewaySession, 'updatedAt'>): Promise<void>;
  remove(key: string): Promise<void>;
}
