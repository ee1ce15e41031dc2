import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { FileBoxLike, FileBoxStatic } from './types.js';

/**
 * Media files between WeChat and the desk: what arrives is saved under DATA_DIR/media by
 * content hash and served by wxdesk at /media/<file>; what the desk sends is read from there.
 */

/** Larger files are not downloaded: the message is stored with its label and size only. */
export const MEDIA_MAX_BYTES = 100 * 1024 * 1024;
const MEDIA_PREFIX = '/media/';
const SAFE_NAME = /^[A-Za-z0-9._-]{1,200}$/;

export interface SavedMedia {
  url: string;
  fileName: string;
  fileSize: number;
}

export class MediaFiles {
  constructor(
    private readonly dir: string,
    private readonly FileBox: FileBoxStatic,
  ) {}

  /** Stores a received file; the same bytes twice are stored once. */
  async save(box: FileBoxLike, fallbackExt: string): Promise<SavedMedia | undefined> {
    const data = await box.toBuffer();
    if (data.length > MEDIA_MAX_BYTES) return undefined;
    const ext = /^\.([a-z0-9]{1,8})$/i.exec(path.extname(box.name ?? ''))?.[1]?.toLowerCase() ?? fallbackExt;
    const name = `${createHash('sha256').update(data).digest('hex').slice(0, 32)}.${ext}`;
    await fs.mkdir(this.dir, { recursive: true });
    await fs.writeFile(path.join(this.dir, name), data);
    return { url: `${MEDIA_PREFIX}${name}`, fileName: displayName(box.name, name), fileSize: data.length };
  }

  /**
   * The file behind a message's url: one of wxdesk's /media files, or an http(s) address.
   * Local files travel as base64, the one kind every puppet can pass on (a puppet service
   * serialises it; the mock copies it).
   */
  async outgoing(url: string, fileName: string): Promise<FileBoxLike> {
    const shown = displayName(fileName, '');
    if (url.startsWith(MEDIA_PREFIX)) {
      const name = url.slice(MEDIA_PREFIX.length);
      if (!SAFE_NAME.test(name) || name.startsWith('.')) throw new Error(`媒体地址无效: ${url}`);
      const data = await fs.readFile(path.join(this.dir, name));
      return this.FileBox.fromBase64(data.toString('base64'), shown || name);
    }
    if (/^https?:\/\//i.test(url)) return this.FileBox.fromUrl(url, shown ? { name: shown } : {});
    throw new Error(`媒体地址无效: ${url} (应为 /media/<文件> 或 http(s) 地址)`);
  }

  /** The login QR code as an image the console can show, without any outside service. */
  async qrImage(qrcode: string): Promise<string> {
    return this.FileBox.fromQRCode(qrcode).toDataURL();
  }
}

/** The name shown for a file: its base name with anything odd replaced. */
function displayName(original: string | undefined, fallback: string): string {
  const base = path
    .basename(original ?? '')
    .replace(/[^\p{L}\p{N}._ -]/gu, '_')
    .slice(0, 100);
  return base && base !== '.' && base !== '..' ? base : fallback;
}
