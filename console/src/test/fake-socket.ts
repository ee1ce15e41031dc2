import type { HelloFrame, ServerEvent } from '../api/types';

/** A stand-in for the browser's WebSocket: tests open, feed and close it by hand. */
export class FakeSocket {
  static instances: FakeSocket[] = [];
  static readonly OPEN = 1;
  readyState = 0;
  onopen: ((e: Event) => void) | null = null;
  onmessage: ((e: MessageEvent) => void) | null = null;
  onclose: ((e: CloseEvent) => void) | null = null;
  onerror: ((e: Event) => void) | null = null;
  closedByClient = false;

  constructor(readonly url: string) {
    FakeSocket.instances.push(this);
  }

  static reset(): void {
    FakeSocket.instances = [];
  }

  static latest(): FakeSocket {
    const s = FakeSocket.instances[FakeSocket.instances.length - 1];
    if (!s) throw new Error('no socket was opened');
    return s;
  }

  hello(uins: string[] | null = null): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
    const frame: HelloFrame = { type: 'hello', data: { operator: { id: 1, username: 'admin', role: 'admin' }, uins } };
    this.frame(frame);
  }

  emit(event: ServerEvent): void {
    this.frame(event);
  }

  frame(data: unknown): void {
    this.raw(JSON.stringify(data));
  }

  raw(text: string): void {
    this.onmessage?.(new MessageEvent('message', { data: text }));
  }

  /** The server went away (1006), or closed the stream with a code of its own. */
  drop(code = 1006): void {
    this.readyState = 3;
    this.onclose?.(new CloseEvent('close', { code }));
  }

  close(): void {
    this.closedByClient = true;
    this.readyState = 3;
  }

  send(): void {}
}

export const FakeWebSocket = FakeSocket as unknown as typeof WebSocket;
