/** Nearest-rank quantile of a sample (q in 0..1). */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export interface Spread {
  median: number;
  min: number;
  max: number;
  /** Every round's value, in the order measured. */
  rounds: number[];
}

/** Median and range over rounds: one round's luck should not decide a figure. */
export function spread(rounds: readonly number[]): Spread {
  return { median: quantile(rounds, 0.5), min: Math.min(...rounds), max: Math.max(...rounds), rounds: [...rounds] };
}

/** Milliseconds since an origin, with sub-millisecond resolution. */
export const now = (): number => performance.now();

/** Times each call of `run` over the inputs; answers the latencies in ms. */
export async function latencies<T>(inputs: readonly T[], run: (input: T) => unknown): Promise<number[]> {
  const out: number[] = [];
  for (const input of inputs) {
    const t = now();
    await run(input);
    out.push(now() - t);
  }
  return out;
}

/** Small deterministic PRNG (mulberry32): the same dataset on every run and machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
