import type { Notification } from '../../core/notifications.js';
import type { Bus } from '../../ports/bus.js';

/** Announces stored changes to every API node. */
export class Notifier {
  constructor(private readonly bus: Bus) {}

  async notify(n: Notification): Promise<void> {
    await this.bus.publish('notifications', n);
  }

  async notifyAll(list: readonly Notification[]): Promise<void> {
    for (const n of list) await this.bus.publish('notifications', n);
  }
}
