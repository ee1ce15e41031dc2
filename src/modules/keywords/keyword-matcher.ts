import AhoCorasick from 'modern-ahocorasick';

export interface KeywordEntry {
  id: number;
  keyword: string;
  operatorId: number;
}

/**
 * All sensitive keywords compiled into one Aho–Corasick automaton: a message is scanned once,
 * whatever the number of keywords. Matching ignores Latin case.
 */
export class KeywordMatcher {
  private readonly automaton: AhoCorasick<KeywordEntry[]> | null;

  constructor(entries: readonly KeywordEntry[]) {
    const byPattern = new Map<string, KeywordEntry[]>();
    for (const e of entries) {
      const pattern = e.keyword.toLowerCase();
      if (!pattern) continue;
      const list = byPattern.get(pattern) ?? [];
      list.push(e);
      byPattern.set(pattern, list);
    }
    this.automaton = byPattern.size ? new AhoCorasick([...byPattern].map(([pattern, data]) => ({ pattern, data }))) : null;
  }

  /** Every entry whose keyword occurs in the text, each once. */
  match(text: string): KeywordEntry[] {
    if (!this.automaton || !text) return [];
    const found = new Map<number, KeywordEntry>();
    for (const m of this.automaton.search(text.toLowerCase())) for (const e of m.data ?? []) found.set(e.id, e);
    return [...found.values()];
  }
}
