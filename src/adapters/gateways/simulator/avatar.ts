import { createHash } from 'node:crypto';

/** Keys the world hands out; wxdesk's `/avatars/<key>.svg` route can check requests against it. */
export const AVATAR_KEY_PATTERN = /^[a-z0-9_-]{1,64}$/;

const GRID = 5;
const CELL = 20;
const PAD = 10;
const SIZE = GRID * CELL + 2 * PAD;

/**
 * An identicon for `key`: a 5×5 grid mirrored left-to-right (faces read as faces when
 * symmetric), coloured from the key's hash. The key itself never appears in the output, so
 * any string is safe to render.
 */
export function avatarSvg(key: string): string {
  const hash = createHash('md5').update(key).digest();
  const byte = (i: number): number => hash[i % hash.length] ?? 0;
  const hue = ((byte(0) << 8) | byte(1)) % 360;
  const saturation = 45 + (byte(2) % 30);
  const lightness = 40 + (byte(3) % 20);
  const fill = `hsl(${hue},${saturation}%,${lightness}%)`;

  const cells: string[] = [];
  const half = Math.ceil(GRID / 2);
  for (let row = 0; row < GRID; row++) {
    for (let col = 0; col < half; col++) {
      // One bit per cell of the left half; the right half mirrors it.
      const bit = row * half + col;
      if (((byte(4 + (bit >> 3)) >> (bit & 7)) & 1) === 0) continue;
      for (const c of new Set([col, GRID - 1 - col])) {
        cells.push(`<rect x="${PAD + c * CELL}" y="${PAD + row * CELL}" width="${CELL}" height="${CELL}"/>`);
      }
    }
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}">` +
    `<rect width="${SIZE}" height="${SIZE}" fill="#f0f0f0"/>` +
    `<g fill="${fill}">${cells.join('')}</g></svg>`
  );
}
