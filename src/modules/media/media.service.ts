import { createHash, randomUUID } from 'node:crypto';
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

/** An uploaded file written under a temporary name, not yet where /media finds it. */
export interface StagedMedia {
  media: StoredMedia;
  /** Moves the file into place (atomically: a rename in the same directory). */
  commit(): Promise<void>;
  /** Deletes the temporary file unless it was committed; safe to call always. */
  discard(): Promise<void>;
}

/** The names /media serves: a file of DATA_DIR/media, never a dot file (uploads in progress) or a path. */
export const MEDIA_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}$/;
export const MEDIA_PREFIX = '/media/';

/**
 * Files sent from the desk, stored under DATA_DIR/media by content hash (the same image
 * twice is stored once) and served at /media/<name> to the operators who may see a message
 * that carries it.
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

  /**
   * Checks the bytes really are an image (not what the name or header claims) and writes
   * them under a temporary dot name; the send commits it once its message is stored, so a
   * refused send leaves nothing behind.
   */
  async stageImage(data: Buffer, originalName: string): Promise<StagedMedia> {
    if (data.length === 0) throw invalidParam('file', '不能为空');
    if (data.length > IMAGE_MAX_BYTES) throw invalidParam('file', `不能超过 ${IMAGE_MAX_BYTES / 1024 / 1024} MB`);
    const kind = SIGNATURES.find((s) => s.test(data));
    if (!kind) throw invalidParam('file', '只支持 PNG、JPEG、GIF、WebP 图片');
    const hash = createHash('sha256').update(data).digest('hex').slice(0, 32);
    const name = `${hash}.${kind.ext}`;
    await fs.mkdir(this.dir, { recursive: true });
    const temp = path.join(this.dir, `.upload-${hash}-${randomUUID()}`);
    await fs.writeFile(temp, data, { flag: 'wx' });
    const fileName =
      path
        .basename(originalName)
        .replace(/[^\p{L}\p{N}._ -]/gu, '_')
        .slice(0, 100) || name;
    let committed = false;
    return {
      media: { url: `${MEDIA_PREFIX}${name}`, fileName, fileSize: data.length },
      commit: async () => {
        // The same image stored before is replaced by the same bytes.
        await fs.rename(temp, path.join(this.dir, name));
        committed = true;
      },
      discard: async () => {
        if (!committed) await fs.rm(temp, { force: true });
      },
    };
  }
}
