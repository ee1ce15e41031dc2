import { describe, expect, it } from 'vitest';
import { DeletionWatermark } from '../../src/modules/conversations/deletion-watermark.js';

describe('DeletionWatermark', () => {
  it('reads the newest stamp once, then follows noted deletions', async () => {
    let reads = 0;
    const w = new DeletionWatermark(async () => (reads++, 100));
    expect(await w.latestKnown()).toBe(100);
    expect(await w.latestKnown()).toBe(100);
    w.note(90); // an older stamp never moves it back
    expect(await w.latestKnown()).toBe(100);
    w.note(130);
    expect(await w.latestKnown()).toBe(130);
    expect(reads).toBe(1);
  });

  it('knows an operator told only up to its stored cursor, never back', () => {
    const w = new DeletionWatermark(async () => 0);
    expect(w.isTold(1, 0)).toBe(false); // nothing known of the operator yet: ask the store
    w.cursorStored(1, 130);
    expect(w.isTold(1, 130)).toBe(true);
    expect(w.isTold(1, 131)).toBe(false);
    w.cursorStored(1, 120);
    expect(w.isTold(1, 130)).toBe(true);
    expect(w.isTold(2, 0)).toBe(false);
  });

  it('forgets a failed read and asks again', async () => {
    let fail = true;
    const w = new DeletionWatermark(async () => {
      if (fail) throw new Error('store down');
      return 7;
    });
    await expect(w.latestKnown()).rejects.toThrow('store down');
    fail = false;
    expect(await w.latestKnown()).toBe(7);
  });
});
