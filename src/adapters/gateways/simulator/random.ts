import seedrandom from 'seedrandom';

/**
 * A seeded random stream. Every choice the simulator makes goes through one of these so a
 * seed reproduces the same world and, apart from wall-clock timing, the same traffic.
 * Streams are named so that, for example, one account's chatter does not shift the
 * numbers another account or a command handler sees.
 */
export class Rng {
  private readonly prng: seedrandom.PRNG;

  constructor(seed: number, stream: string) {
    this.prng = seedrandom(`wxdesk-sim:${seed}:${stream}`);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.prng();
  }

  /** Integer in [min, max], both ends included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.prng() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.prng() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick: empty list');
    return items[Math.floor(this.prng() * items.length)] as T;
  }

  /** `k` distinct items in random order (fewer when the list is shorter). */
  sample<T>(items: readonly T[], k: number): T[] {
    const copy = [...items];
    const n = Math.min(k, copy.length);
    // Partial Fisher–Yates: only the first n slots need shuffling.
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(this.prng() * (copy.length - i));
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy.slice(0, n);
  }

  /** A numeric string of `length` digits that never starts with 0. */
  digits(length: number): string {
    let s = String(this.int(1, 9));
    while (s.length < length) s += String(this.int(0, 9));
    return s;
  }

  /** Lowercase letters and digits, as in generated wxids. */
  alnum(length: number): string {
    const chars = 'abcdefghijklmnopqrstuvwxyz0123456789';
    let s = '';
    while (s.length < length) s += chars[this.int(0, chars.length - 1)];
    return s;
  }

  hex(length: number): string {
    let s = '';
    while (s.length < length) s += this.int(0, 15).toString(16);
    return s;
  }

  /** Exponential wait in ms for a Poisson process of `perSecond` events per second. */
  poissonGapMs(perSecond: number): number {
    return (-Math.log(1 - this.prng()) / perSecond) * 1000;
  }
}
