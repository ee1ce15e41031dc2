import type { Config } from '../../config/config.js';
import type { Gateway } from '../../ports/gateway.js';
import type { SimulatorControl } from '../../modules/simulator/simulator.routes.js';

export interface GatewayHandle {
  gateway: Gateway;
  /** Test traffic and avatars, for the simulator only. */
  simulator?: SimulatorControl & { avatarSvg(key: string): string };
}

type Factory = (config: Readonly<Config>, nodeName: string) => Promise<GatewayHandle>;

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
  wechaty: async () => {
    throw new Error('GATEWAY=wechaty is not available in this build yet: the Wechaty adapter is planned (see the issues).');
  },
};
