import { ALL_COMMANDS, GatewayUnsupportedError, type CommandKind } from '../../../ports/gateway.js';

/**
 * What each puppet can do, declared rather than discovered: a command outside the set is
 * refused by the gateway role with `gateway.unsupported` (HTTP 501) before any puppet call.
 *
 * - No puppet has an API to save a room to the address book (保存到通讯录): saveRoomToContacts
 *   is never supported.
 * - wechaty-puppet-wechat4u (web protocol) throws "Unsupported API" for room announcements,
 *   quitting rooms, friend requests and user search (see its source); those are left out.
 * - wechaty-puppet-service forwards to whatever puppet the service runs, so it declares what
 *   the port maps; a call the service cannot do still ends as `gateway.unsupported`, because
 *   the adapter turns the puppet's "Unsupported API" error into GatewayUnsupportedError.
 * - wechaty-puppet-mock implements every call, some only as stubs (see the tests).
 */
const NEVER: readonly CommandKind[] = ['saveRoomToContacts'];

const WITHOUT: Readonly<Record<string, readonly CommandKind[]>> = {
  'wechaty-puppet-wechat4u': ['setAnnouncement', 'quitRoom', 'addFriendFromRoom', 'addFriend', 'searchUser'],
};

export function capabilitiesOf(puppetName: string): ReadonlySet<CommandKind> {
  const left = new Set<CommandKind>([...NEVER, ...(WITHOUT[puppetName] ?? [])]);
  return new Set(ALL_COMMANDS.filter((k) => !left.has(k)));
}

/** Puppets that need a token, one per WeChat account. */
export const TOKEN_PUPPETS: ReadonlySet<string> = new Set(['wechaty-puppet-padlocal', 'wechaty-puppet-service']);

/**
 * wechaty-puppet's `throwUnsupportedError()` message (also what a puppet service answers for a
 * call its puppet lacks): the call exists in the API but this puppet cannot do it.
 */
export function isPuppetUnsupported(err: unknown): boolean {
  // oxlint-disable-next-line typescript/no-base-to-string -- gRPC puts details in a string; anything else is only searched for a phrase, so String() of it is fine
  const text = err instanceof Error ? `${err.message} ${String((err as { details?: unknown }).details ?? '')}` : String(err);
  return /Unsupported API|UNIMPLEMENTED|not supported/i.test(text);
}

/** Runs one puppet call; a puppet's "cannot do that" becomes the port's unsupported error. */
export async function puppetCall<T>(gateway: string, command: CommandKind, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (isPuppetUnsupported(err)) throw new GatewayUnsupportedError(gateway, command, err instanceof Error ? err.message : String(err));
    throw err;
  }
}
