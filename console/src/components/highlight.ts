export interface Segment {
  text: string;
  hit: boolean;
}

/**
 * Splits `text` into plain and keyword segments (case-insensitive; at each position the
 * longest keyword wins, so "退款" and "退款流程" highlight the whole of "退款流程").
 */
export function splitByKeywords(text: string, keywords: readonly string[]): Segment[] {
  const words = [...new Set(keywords.map((k) => k.trim().toLowerCase()).filter(Boolean))].sort((a, b) => b.length - a.length);
  if (!words.length || !text) return text ? [{ text, hit: false }] : [];
  const lower = text.toLowerCase();
  const out: Segment[] = [];
  let plainStart = 0;
  let i = 0;
  while (i < text.length) {
    const w = words.find((k) => lower.startsWith(k, i));
    if (!w) {
      i += 1;
      continue;
    }
    if (i > plainStart) out.push({ text: text.slice(plainStart, i), hit: false });
    out.push({ text: text.slice(i, i + w.length), hit: true });
    i += w.length;
    plainStart = i;
  }
  if (plainStart < text.length) out.push({ text: text.slice(plainStart), hit: false });
  return out;
}

export function hasKeyword(text: string, keywords: readonly string[]): boolean {
  return splitByKeywords(text, keywords).some((s) => s.hit);
}
