import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { invalidParam } from '../../core/errors.js';

export const IMAGE_MAX_BYTES = 10 * 1024 * 1024;

const SIGNATURES: { ext: string; test: (b: Buffer) => boolean }[] = [
  { ext: 'png', test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { ext: 'jpg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { ext: 'gif', test: (b) => b.subarray(0, 4).toString('latin1') === 'GIF8' },
  { ext: 'webp', test: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP' },
];

/**
 * Files sent from the desk, stored under DATA_DIR/media by content hash (the same image
 * twice is stored once) and served at /media/<name>.
 */
/** A file kept under the media directory, as a message refers to it. */
export interface StoredMedia {
  url: string;
  fileName: string;
  fileSize: number;
}

export class MediaService {
  constructor(private readonly dir: string) {}

  get directory(): string {
    return this.dir;
  }

  /** Checks the bytes really are an image (not what the name or header claims) and stores them. */
  async storeImage(data: Buffer, originalName: string): Promise<StoredMedia> {
    if (data.length === 0) throw invalidParam('file', '不能为空');
    if (data.length > IMAGE_MAX_BYTES) throw invalidParam('file', `不能超过 ${IMAGE_MAX_BYTES / 1024 / 1024} MB`);
    const kind = SIGNATURES.find((s) => s.test(data));
    if (!kind) throw invalidParam('file', '只支持 PNG、JPEG、GIF、WebP 图片');
    const name = `${createHash('sha256').update(data).digest('hex').slice(0, 32)}.${kind.ext}`;
    await fs.mkdir(this.dir, { recursive: true });
    await fs.writeFile(path.join(this.dir, name), data, { flag: 'w' });
    const fileName =
      path
        .basename(originalName)
        .replace(/[^\p{L}\p{N}._ -]/gu, '_')
        .slice(0, 100) || name;
    return { url: `/media/${name}`, fileName, fileSize: data.length };
  }
}
