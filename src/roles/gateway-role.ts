import type { Bus } from '../ports/bus.js';
import { GatewayUnsupportedError, type CommandKind, type CommandOf, type Gateway, type GatewayEvent } from '../ports/gateway.js';
import type { Clock } from '../core/time.js';

export interface RoleLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * The gateway node: runs the adapter, carries out commands from the bus and publishes what
 * the adapter reports. Every command ends in a commandResult event, success or not.
 */
export async function startGatewayRole(deps: { bus: Bus; gateway: Gateway; clock: Clock; log: RoleLogger }) {
  const { bus, gateway, clock, log } = deps;
  const publish = (e: GatewayEvent) =>
    bus.publish('events', e).catch((err: unknown) => log.error({ err, event: e.type }, 'could not publish gateway event'));

  const stopConsuming = await bus.consume('commands', async (batch) => {
    for (const { correlationId, command } of batch) {
      const uin = 'uin' in command && command.uin ? command.uin : '';
      try {
        if (!gateway.capabilities.has(command.kind)) throw new GatewayUnsupportedError(gateway.name, command.kind);
        const result = await gateway.execute(command as CommandOf<CommandKind>);
        await publish({ type: 'commandResult', uin, correlationId, command, ok: true, result, at: clock.now() });
      } catch (err) {
        const unsupported = err instanceof GatewayUnsupportedError;
        log.warn({ err, command: command.kind, uin }, 'gateway command failed');
        await publish({
          type: 'commandResult',
          uin,
          correlationId,
          command,
          ok: false,
          error: {
            code: unsupported ? 'gateway.unsupported' : 'gateway.failed',
            message: err instanceof Error ? err.message : String(err),
          },
          at: clock.now(),
        });
      }
    }
  });
  await gateway.start((e) => void publish(e));
  log.info({ gateway: gateway.name }, 'gateway started');
  return async () => {
    await stopConsuming();
    await gateway.stop();
  };
}
