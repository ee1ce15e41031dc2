import type { FastifyInstance } from 'fastify';
import type WebSocket from 'ws';
import type { ServerEvent } from '../../src/api/index.js';

/** A console's event stream over app.injectWS, collecting every frame it receives. */
export async function openEvents(app: FastifyInstance, token: string) {
  const frames: { type: string; data: any }[] = [];
  let onClosed: (c: { code: number; reason: string }) => void = () => undefined;
  /** How the server ended the stream: its close code and reason. */
  const closed = new Promise<{ code: number; reason: string }>((resolve) => (onClosed = resolve));
  // Listen from the first moment: the hello frame is sent as soon as the socket opens.
  const ws: WebSocket = await app.injectWS(
    `/api/v1/events?token=${encodeURIComponent(token)}`,
    {},
    {
      onInit: (socket) => {
        // oxlint-disable-next-line typescript/no-base-to-string -- ws hands a text frame over as a Buffer, and String() decodes it as UTF-8
        socket.on('message', (d) => frames.push(JSON.parse(String(d))));
        socket.on('close', (code, reason) => onClosed({ code, reason: reason.toString('utf8') }));
      },
    },
  );
  const waitFor = async (pred: (e: ServerEvent) => boolean, ms = 5000): Promise<ServerEvent> => {
    const end = Date.now() + ms;
    for (;;) {
      const hit = frames.find((f) => pred(f as ServerEvent));
      if (hit) return hit as ServerEvent;
      if (Date.now() > end) throw new Error(`no matching event; got ${frames.map((f) => f.type).join(', ')}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  return { ws, frames, waitFor, closed, close: () => ws.terminate() };
}
