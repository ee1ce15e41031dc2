const pad = (n: number) => String(n).padStart(2, '0');

const dayStart = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();

/** Short time for lists: 14:05 today, 昨天, 周三 this week, 11-03 this year, 2025-11-03 before. */
export function listTime(ms: number, now: number = Date.now()): string {
  if (!ms) return '';
  const d = new Date(ms);
  const n = new Date(now);
  const days = Math.round((dayStart(n) - dayStart(d)) / 86_400_000);
  if (days <= 0) return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  if (days === 1) return '昨天';
  if (days < 7) return `周${'日一二三四五六'[d.getDay()]}`;
  if (d.getFullYear() === n.getFullYear()) return `${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Full time for a chat divider or a tooltip. */
export function fullTime(ms: number, now: number = Date.now()): string {
  const d = new Date(ms);
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  const days = Math.round((dayStart(new Date(now)) - dayStart(d)) / 86_400_000);
  if (days <= 0) return hm;
  if (days === 1) return `昨天 ${hm}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${hm}`;
}

/** One-line preview of a message for the conversation list. */
export function preview(msgType: number, content: string): string {
  switch (msgType) {
    case 1:
      return content;
    case 3:
      return '[图片]';
    case 34:
      return '[语音]';
    case 42:
      return '[名片]';
    case 43:
      return '[视频]';
    case 47:
      return '[表情]';
    case 48:
      return '[位置]';
    case 49:
      return '[链接/文件]';
    case 10002:
      return '[撤回了一条消息]';
    default:
      return content;
  }
}
