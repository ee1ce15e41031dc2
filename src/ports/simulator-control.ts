import type { MessageInfo } from '../core/gateway-protocol.js';

/**
 * What the simulator gateway offers tests and demos beyond the gateway port: traffic and
 * faults injected as if from WeChat, and the avatars of its people.
 */
export interface SimulatorControl {
  inject(input: { uin: string; from: string; room?: string; text: string }): MessageInfo;
  injectFault(input: { uin: string; kind: 'failNextSend' | 'dropLogin' }): void;
  avatarSvg(key: string): string;
}
