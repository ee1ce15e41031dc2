import { act, render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { LiveConnection } from '../live/connection';
import { LiveProvider } from '../live/LiveContext';
import { FakeSocket, FakeWebSocket } from './fake-socket';

/** Renders `ui` inside a live stream whose socket the test drives. */
export function renderLive(ui: ReactNode): { socket: FakeSocket } {
  FakeSocket.reset();
  const live = new LiveConnection({ url: 'ws://test/api/v1/events', WebSocketImpl: FakeWebSocket, backoff: () => 10 });
  live.start();
  render(<LiveProvider connection={live}>{ui}</LiveProvider>);
  const socket = FakeSocket.latest();
  act(() => socket.hello());
  return { socket };
}
