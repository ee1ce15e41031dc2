/**
 * The gateway port: the one way wxdesk reaches WeChat. Adapters (simulator, wechaty, …)
 * implement it and declare which commands they support; an unsupported command fails with
 * `gateway.unsupported`, never a silent success. The commands and events it speaks are the
 * core's vocabulary (core/gateway-protocol.ts), re-exported here for adapters.
 */
import type { CommandKind, CommandOf, CommandResults, GatewayEvent } from '../core/gateway-protocol.js';

export * from '../core/gateway-protocol.js';

export type EventSink = (event: GatewayEvent) => void;

export interface Gateway {
  readonly name: string;
  /** Commands this adapter can carry out. */
  readonly capabilities: ReadonlySet<CommandKind>;
  /** Starts the adapter; events flow into `sink` until stop(). */
  start(sink: EventSink): Promise<void>;
  stop(): Promise<void>;
  execute<K extends CommandKind>(command: CommandOf<K>): Promise<CommandResults[K]>;
}

export class GatewayUnsupportedError extends Error {
  /** `detail` says what exactly is missing when only part of a command is (e.g. one search type). */
  constructor(
    readonly gateway: string,
    readonly command: CommandKind,
    detail?: string,
  ) {
    super(`${command} is not supported by the ${gateway} gateway${detail ? `: ${detail}` : ''}`);
    this.name = 'GatewayUnsupportedError';
  }
}
