import type { Config } from '../../config/config.js';
import type { Gateway } from '../../ports/gateway.js';
import type { GatewaySessionStore } from '../../ports/gateway-sessions.js';
import type { SimulatorControl } from '../../ports/simulator-control.js';

export interface GatewayHandle {
  gateway: Gateway;
  /** Test traffic and avatars, for the simulator only. */
  simulator?: SimulatorControl;
}

/** What an adapter may need from the process that hosts it. */
export interface GatewayDeps {
  /** Login memory kept in the store (the wechaty adapter's puppet memory cards). */
  sessions: GatewaySessionStore;
  /** DATA_DIR/media, served at /media/. */
  mediaDir: string;
  log: {
    debug(obj: object, msg: string): void;
    info(obj: object, msg: string): void;
    warn(obj: object, msg: string): void;
    error(obj: object, msg: string): void;
  };
}

type Factory = (config: Readonly<Config>, nodeName: string, deps: GatewayDeps) => Promise<GatewayHandle>;

/**
 * One line per way to reach WeChat. Each is imported on demand, so a deployment only loads
 * the adapter it uses (the wechaty one pulls in large optional packages).
 */
export const gatewayRegistry: Record<Config['GATEWAY'], Factory> = {
  simulator: async (config, nodeName) => {
    const { SimulatorGateway, avatarSvg } = await import('./simulator/index.js');
    const gateway = new SimulatorGateway({
      seed: config.SIM_SEED,
      accounts: config.SIM_ACCOUNTS,
      rate: config.SIM_RATE,
      delayMs: config.SIM_DELAY_MS,
      nodeName,
    });
    return {
      gateway,
      simulator: {
        inject: (input) => gateway.inject(input),
        injectFault: (input) => gateway.injectFault(input),
        avatarSvg,
      },
    };
  },
  // Wechaty and its puppets are optional packages: a missing one fails here saying what to install.
  wechaty: async (config, nodeName, deps) => {
    const { createWechatyGateway } = await import('./wechaty/index.js');
    const gateway = await createWechatyGateway({
      puppet: config.WECHATY_PUPPET ?? '',
      token: config.WECHATY_PUPPET_TOKEN,
      store: deps.sessions,
      mediaDir: deps.mediaDir,
      nodeName,
      log: deps.log,
    });
    return { gateway };
  },
};
