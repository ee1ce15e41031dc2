import type { GatewaySessionStore } from '../../../ports/gateway-sessions.js';
import type { AdapterLogger, Timing } from './context.js';
import { installCrashPolicy, withoutForeignHandlers } from './crash-policy.js';
import { loadWechaty } from './load.js';
import { WechatyGateway } from './wechaty-gateway.js';

export { WechatyGateway, type SessionSummary, type WechatyGatewayOptions } from './wechaty-gateway.js';
export { WechatyMissingError, installCommand, loadWechaty, PACKAGES } from './load.js';
export { capabilitiesOf } from './capabilities.js';
export { uinOf } from './profiles.js';
export { MESSAGE_TYPES } from './messages.js';
export type { Timing } from './context.js';

export interface WechatyGatewayInput {
  /** WECHATY_PUPPET: the puppet package. */
  puppet: string;
  /** WECHATY_PUPPET_TOKEN: one token, or several separated by commas (one per account). */
  token?: string | undefined;
  store: GatewaySessionStore;
  mediaDir: string;
  nodeName: string;
  log: AdapterLogger;
  timing?: Partial<Timing>;
}

/** Loads Wechaty and the puppet (failing with what to install when missing) and builds the gateway. */
export async function createWechatyGateway(input: WechatyGatewayInput): Promise<WechatyGateway> {
  const { value: modules, removed } = await withoutForeignHandlers(() => loadWechaty(input.puppet));
  if (removed) installCrashPolicy(input.log);
  return new WechatyGateway({
    modules,
    store: input.store,
    mediaDir: input.mediaDir,
    tokens: (input.token ?? '').split(','),
    nodeName: input.nodeName,
    log: input.log,
    ...(input.timing ? { timing: input.timing } : {}),
  });
}
