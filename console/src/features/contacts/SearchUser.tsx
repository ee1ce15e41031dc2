import { useState, type FormEvent } from 'react';
import { errorText } from '../../api/client';
import { contacts } from '../../api/endpoints';
import type { SearchResult, SearchType } from '../../api/types';
import { Avatar } from '../../components/Avatar';
import { toast } from '../../components/toast';

const TYPES: { value: SearchType; label: string; placeholder: string }[] = [
  { value: 'wxid', label: '微信号', placeholder: '输入微信号' },
  { value: 'phone', label: '手机号', placeholder: '输入手机号' },
  { value: 'qq', label: 'QQ 号', placeholder: '输入 QQ 号' },
];

/** Find a WeChat user by wxid, phone or QQ and send a friend request. */
export function SearchUser({ uin, accountName }: { uin: string; accountName: string }) {
  const [type, setType] = useState<SearchType>('wxid');
  const [q, setQ] = useState('');
  const [result, setResult] = useState<SearchResult | null | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [verify, setVerify] = useState(`你好，我是${accountName}`);
  const [sent, setSent] = useState(false);

  const search = async (e: FormEvent) => {
    e.preventDefault();
    if (!q.trim()) return;
    setBusy(true);
    setSent(false);
    try {
      setResult(await contacts.search(uin, q, type));
    } catch (err) {
      toast(errorText(err), 'error');
    } finally {
      setBusy(false);
    }
  };

  const add = async (r: SearchResult) => {
    try {
      await contacts.addFriend(uin, { userName: r.userName, ticket: r.ticket, verify: verify.trim() });
      setSent(true);
      toast('好友请求已发送', 'success');
    } catch (err) {
      toast(errorText(err), 'error');
    }
  };

  const current = TYPES.find((t) => t.value === type)!;
  return (
    <section className="card" aria-label="搜索用户">
      <h3>添加好友</h3>
      <form className="search-user" onSubmit={(e) => void search(e)}>
        <select value={type} onChange={(e) => setType(e.target.value as SearchType)} aria-label="搜索方式">
          {TYPES.map((t) => (
            <option key={t.value} value={t.value}>
              {t.label}
            </option>
          ))}
        </select>
        <input className="input" value={q} onChange={(e) => setQ(e.target.value)} placeholder={current.placeholder} aria-label="搜索内容" />
        <button type="submit" className="btn primary" disabled={busy || !q.trim()}>
          {busy ? '搜索中…' : '搜索'}
        </button>
      </form>
      {result === null ? <p className="muted">没有找到该用户</p> : null}
      {result ? (
        <div className="search-result">
          <div className="profile">
            <Avatar src={result.headImgUrl} name={result.nickName} size={48} />
            <div className="profile-text">
              <div className="profile-name">{result.nickName}</div>
              <div className="muted small">
                {result.userName} · {[result.province, result.city].filter(Boolean).join(' ') || '地区未知'}
              </div>
              {result.signature ? <div className="muted small ellipsis">{result.signature}</div> : null}
            </div>
          </div>
          {sent ? (
            <p className="success-text">好友请求已发送，等待对方验证</p>
          ) : (
            <div className="row">
              <input className="input" value={verify} maxLength={100} onChange={(e) => setVerify(e.target.value)} aria-label="验证消息" />
              <button type="button" className="btn primary" onClick={() => void add(result)}>
                添加好友
              </button>
            </div>
          )}
        </div>
      ) : null}
    </section>
  );
}
