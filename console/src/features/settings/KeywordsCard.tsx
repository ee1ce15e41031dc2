import { useState, type FormEvent } from 'react';
import { errorText } from '../../api/client';
import { keywords as api } from '../../api/endpoints';
import { toast } from '../../components/toast';
import { reloadKeywords, setKeywords, useKeywords } from './keywords-store';

export const KEYWORD_MAX = 50;

/** The operator's sensitive keywords: every group message is matched against them. */
export function KeywordsCard() {
  const { list } = useKeywords();
  const [word, setWord] = useState('');
  const [busy, setBusy] = useState(false);

  const add = async (e: FormEvent) => {
    e.preventDefault();
    const k = word.trim();
    if (!k) return;
    // oxlint-disable-next-line typescript/no-misused-spread -- the limit counts code points on purpose, as the server does
    if ([...k].length > KEYWORD_MAX) return void toast(`关键词不能超过 ${KEYWORD_MAX} 字`, 'warning');
    setBusy(true);
    try {
      const added = await api.add(k);
      if (!list.some((x) => x.id === added.id)) setKeywords([added, ...list]);
      setWord('');
      toast(`已添加敏感词「${added.keyword}」`, 'success');
    } catch (err) {
      toast(errorText(err), 'error');
    } finally {
      setBusy(false);
    }
  };

  const remove = async (id: number) => {
    try {
      await api.remove(id);
      setKeywords(list.filter((k) => k.id !== id));
    } catch (err) {
      toast(errorText(err), 'error');
      void reloadKeywords();
    }
  };

  return (
    <section className="card" aria-label="敏感词">
      <h3>敏感词</h3>
      <p className="muted small">群消息中出现这些词时会记录并提醒，聊天中高亮显示。</p>
      <form className="row" onSubmit={(e) => void add(e)}>
        <input
          className="input"
          value={word}
          onChange={(e) => setWord(e.target.value)}
          placeholder="输入敏感词"
          aria-label="新敏感词"
          maxLength={KEYWORD_MAX + 10}
        />
        <button type="submit" className="btn primary" disabled={busy || !word.trim()}>
          添加
        </button>
      </form>
      <ul className="chips" aria-label="敏感词列表">
        {list.map((k) => (
          <li key={k.id} className="chip">
            {k.keyword}
            <button type="button" aria-label={`删除 ${k.keyword}`} onClick={() => void remove(k.id)}>
              ×
            </button>
          </li>
        ))}
        {!list.length ? <li className="muted small">还没有敏感词</li> : null}
      </ul>
    </section>
  );
}
