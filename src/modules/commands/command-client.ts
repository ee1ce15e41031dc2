import { randomUUID } from 'node:crypto';
import { AppError } from '../../core/errors.js';
import type { Bus } from '../../ports/bus.js';
import type { CommandKind, CommandOf, CommandResultEvent, CommandResults } from '../../ports/gateway.js';

interface Waiter {
  resolve: (e: CommandResultEvent) => void;
  timer: NodeJS.Timeout;
}

/**
 * Sends commands to the gateway node over the bus. `send` answers at once (the outcome
 * arrives as events); `request` waits for the command's result, which ingest announces
 * after storing what it carried, so a caller that reads the store next sees it.
 */
export class CommandClient {
  private readonly waiters = new Map<string, Waiter>();

  constructor(
    private readonly bus: Bus,
    private readonly timeoutMs = 10_000,
  ) {}

  /** Call once per process, with the notification stream. */
  onResult(event: CommandResultEvent): void {
    const w = this.waiters.get(event.correlationId);
    if (!w) return;
    this.waiters.delete(event.correlationId);
    clearTimeout(w.timer);
    w.resolve(event);
  }

  async send(command: CommandOf<CommandKind>): Promise<string> {
    const correlationId = randomUUID();
    await this.bus.publish('commands', { correlationId, command });
    return correlationId;
  }

  async request<K extends CommandKind>(command: CommandOf<K>): Promise<CommandResults[K]> {
    const correlationId = randomUUID();
    const done = new Promise<CommandResultEvent>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(correlationId);
        reject(new AppError('gateway.timeout', `网关响应超时: ${command.kind}`));
      }, this.timeoutMs);
      timer.unref();
      this.waiters.set(correlationId, { resolve, timer });
    });
    await this.bus.publish('commands', { correlationId, command });
    const event = await done;
    if (!event.ok) {
      const code = event.error?.code ?? 'gateway.failed';
      throw new AppError(
        code,
        `${code === 'gateway.unsupported' ? '当前网关不支持该操作' : '网关执行失败'}: ${event.error?.message ?? command.kind}`,
      );
    }
    return event.result as CommandResults[K];
  }

  close(): void {
    for (const w of this.waiters.values()) clearTimeout(w.timer);
    this.waiters.clear();
  }
}
