import { useEffect, useSyncExternalStore } from 'react';
import { keywords as api } from '../../api/endpoints';
import type { KeywordView } from '../../api/types';

let list: readonly KeywordView[] = [];
let words: readonly string[] = [];
let loaded = false;
let inflight: Promise<void> | null = null;
const listeners = new Set<() => void>();

function set(next: readonly KeywordView[]) {
  list = next;
  words = next.map((k) => k.keyword);
  loaded = true;
  listeners.forEach((l) => l());
}

/** Reads the operator's keywords again (after adding or deleting one). */
export function reloadKeywords(): Promise<void> {
  inflight ??= api
    .list()
    .then(set)
    .catch(() => undefined)
    .finally(() => {
      inflight = null;
    });
  return inflight;
}

export function setKeywords(next: readonly KeywordView[]): void {
  set(next);
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

/** The operator's sensitive keywords, shared by the chat (highlighting) and the settings page. */
export function useKeywords(): { list: readonly KeywordView[]; words: readonly string[] } {
  useEffect(() => {
    if (!loaded) void reloadKeywords();
  }, []);
  const l = useSyncExternalStore(subscribe, () => list);
  const w = useSyncExternalStore(subscribe, () => words);
  return { list: l, words: w };
}

/** For tests: forget everything. */
export function resetKeywords(): void {
  list = [];
  words = [];
  loaded = false;
}
