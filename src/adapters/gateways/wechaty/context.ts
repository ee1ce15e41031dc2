import type { GatewayEvent } from '../../../ports/gateway.js';
import type { GatewaySessionStore } from '../../../ports/gateway-sessions.js';
import type { MediaFiles } from './media.js';
import type { WechatyModules } from './types.js';

/** What every session of the adapter shares. */

export interface AdapterLogger {
  debug?(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface Timing {
  /** How often an online session is asked to answer (`ding` → `dong`). */
  heartbeatMs: number;
  /** A session that does not answer within this is dead: logged out and restarted. */
  dongTimeoutMs: number;
  /** First wait before a restart; doubles at each failure, up to backoffMaxMs. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** How long a send's result waits for the puppet to report the sent message. */
  echoWaitMs: number;
  /** A new account whose QR code is not scanned by then is given up. */
  pendingLoginTtlMs: number;
  /** How long a login command waits for the bot to start (it goes on starting after that). */
  startWaitMs: number;
}

export const DEFAULT_TIMING: Timing = {
  heartbeatMs: 60_000,
  dongTimeoutMs: 20_000,
  backoffBaseMs: 5_000,
  backoffMaxMs: 5 * 60_000,
  echoWaitMs: 5_000,
  pendingLoginTtlMs: 10 * 60_000,
  startWaitMs: 5_000,
};

export interface SharedContext {
  gatewayName: string;
  nodeName: string;
  modules: WechatyModules;
  media: MediaFiles;
  store: GatewaySessionStore;
  log: AdapterLogger;
  timing: Timing;
  now: () => number;
  emit(event: GatewayEvent): void;
}
