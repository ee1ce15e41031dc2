import type { Bus } from '../../ports/bus.js';
import { MemoryBus } from './memory-bus.js';

export interface BusLogger {
  error(obj: object, msg: string): void;
}

/** The in-process bus unless BROKER_URL names a broker. */
export async function openBus(brokerUrl: string | undefined, log: BusLogger): Promise<Bus> {
  if (brokerUrl) throw new Error('BROKER_URL is set, but the RabbitMQ bus is not in this build yet; unset it to use the in-process bus.');
  return new MemoryBus({
    onDeadLetter: (topic, message, err) => log.error({ err, topic, message }, 'message dropped after repeated failures'),
  });
}
