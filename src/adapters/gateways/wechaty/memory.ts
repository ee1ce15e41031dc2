import type { MemoryCardConstructor, MemoryCardInternals, MemoryCardLike } from './types.js';

/**
 * A Wechaty memory card kept in wxdesk's store instead of a `<name>.memory-card.json` file.
 * Wechaty hands the puppet a multiplexed child of it; every save of the child saves the
 * parent, which hands the whole payload to `persist` (the store, once the account's uin is
 * known; until then it stays in memory).
 */
export interface MemoryBinding {
  /** What was stored for this account, or {} for a new one. */
  initial: Record<string, unknown>;
  persist(payload: Record<string, unknown>): Promise<void>;
}

export interface StoreMemoryCard extends MemoryCardLike {
  /** A copy of what the card holds now. */
  snapshot(): Record<string, unknown>;
}

/** The store keeps JSON: copy through it, so what is kept is exactly what will be read back. */
const jsonCopy = (v: Record<string, unknown>): Record<string, unknown> => JSON.parse(JSON.stringify(v)) as Record<string, unknown>;

export function createMemoryCard(MemoryCard: MemoryCardConstructor, name: string, binding: MemoryBinding): StoreMemoryCard {
  // Subclassed at run time: memory-card is loaded on demand, like every Wechaty package.
  const Base = MemoryCard as unknown as new (options?: { name?: string }) => MemoryCardInternals;
  class StoreBackedMemoryCard extends Base {
    override async load(): Promise<void> {
      // Children share the parent's payload; a restarted bot keeps what it has learned since.
      if (this.isMultiplex() || this.payload) return;
      this.payload = jsonCopy(binding.initial);
    }

    override async save(): Promise<void> {
      if (this.isMultiplex()) return this.parent?.save();
      if (!this.payload) throw new Error('memory card saved before load()');
      await binding.persist(jsonCopy(this.payload));
    }

    snapshot(): Record<string, unknown> {
      return jsonCopy(this.payload ?? {});
    }
  }
  return new StoreBackedMemoryCard({ name }) as unknown as StoreMemoryCard;
}
