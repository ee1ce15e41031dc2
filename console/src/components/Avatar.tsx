import { useState } from 'react';

const PALETTE = ['#5b8ff9', '#61ddaa', '#f6bd16', '#7262fd', '#78d3f8', '#9661bc', '#f6903d', '#008685'];

function colorOf(key: string): string {
  let h = 0;
  for (const ch of key) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return PALETTE[h % PALETTE.length]!;
}

/** A fixed-size avatar: the image, or the name's first character until it loads or if it fails. */
export function Avatar({ src, name, size = 40, online }: { src?: string | null; name: string; size?: number; online?: boolean }) {
  const [failed, setFailed] = useState(false);
  const style = { width: size, height: size, fontSize: Math.round(size * 0.42) };
  return (
    <span className="avatar" style={style} aria-hidden="true">
      <span className="avatar-fallback" style={{ background: colorOf(name || '?') }}>
        {/* oxlint-disable-next-line typescript/no-misused-spread -- the first code point on purpose, so a surrogate pair stays whole */}
        {[...(name || '?')][0]}
      </span>
      {src && !failed ? <img src={src} alt="" loading="lazy" onError={() => setFailed(true)} /> : null}
      {online === undefined ? null : <span className={online ? 'presence on' : 'presence off'} title={online ? '在线' : '离线'} />}
    </span>
  );
}
