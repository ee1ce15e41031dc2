import { splitByKeywords } from './highlight';

/** Text with every keyword marked. */
export function Highlight({ text, keywords }: { text: string; keywords: readonly string[] }) {
  return (
    <>
      {splitByKeywords(text, keywords).map((s, i) =>
        s.hit ? (
          <mark key={i} className="kw-hit">
            {s.text}
          </mark>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </>
  );
}
