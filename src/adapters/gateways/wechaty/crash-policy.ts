import type { AdapterLogger } from './context.js';

/**
 * Some puppet libraries install process-wide handlers when imported: wechat4u's prints every
 * uncaught exception and keeps going, which would also hide wxdesk's own crashes. Those are
 * taken out again and, only where one was, replaced by a narrower policy: an uncaught
 * exception thrown inside a Wechaty package (a known failure of the web protocol's
 * reconnects) is logged and survived, so one account cannot take every other one down;
 * anything else ends the process as Node would.
 */
const FROM_PUPPET = /node_modules[\\/](wechat4u|wechaty[^\\/]*|padlocal-client-ts)[\\/]/;
const EVENTS = ['uncaughtException', 'unhandledRejection'] as const;

type Listener = (...args: unknown[]) => void;
const listeners = (event: (typeof EVENTS)[number]): Listener[] => process.listeners(event as 'uncaughtException') as unknown as Listener[];

/** Runs `load`, then removes the process handlers it added; `removed` counts them. */
export async function withoutForeignHandlers<T>(load: () => Promise<T>): Promise<{ value: T; removed: number }> {
  const before = new Map(EVENTS.map((e) => [e, new Set(listeners(e))]));
  let removed = 0;
  const strip = () => {
    for (const e of EVENTS)
      for (const l of listeners(e))
        if (!before.get(e)?.has(l)) {
          process.removeListener(e, l);
          removed++;
        }
  };
  let value: T;
  try {
    value = await load();
  } finally {
    strip();
  }
  return { value, removed };
}

let installed = false;

export function installCrashPolicy(log: AdapterLogger): void {
  if (installed) return;
  installed = true;
  process.on('uncaughtException', (err) => {
    if (err instanceof Error && FROM_PUPPET.test(err.stack ?? '')) {
      log.error({ err }, 'uncaught exception in a Wechaty puppet: survived');
      return;
    }
    log.error({ err }, 'uncaught exception');
    process.exit(1); // what Node does without a handler
  });
}
