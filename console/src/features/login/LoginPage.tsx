import { useState, type FormEvent } from 'react';
import { errorText } from '../../api/client';
import { auth } from '../../api/endpoints';
import type { OperatorView } from '../../api/types';

/** The login form: username and password, the server's reason shown on failure. */
export function LoginPage({ notice, onLoggedIn }: { notice?: string | undefined; onLoggedIn: (operator: OperatorView) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!username.trim() || !password) {
      setError('请输入用户名和密码');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const answer = await auth.login(username.trim(), password);
      onLoggedIn(answer.operator);
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };

  return (
    <div className="login-page">
      <form className="login-card" onSubmit={(e) => void submit(e)} noValidate aria-label="登录">
        <div className="login-brand">
          <span className="logo">W</span>
          <div>
            <h1>wxdesk</h1>
            <p>多微信号客服工作台</p>
          </div>
        </div>
        {notice && !error ? <div className="form-notice">{notice}</div> : null}
        <label className="field">
          <span>用户名</span>
          <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} autoFocus />
        </label>
        <label className="field">
          <span>密码</span>
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <div className="form-error" role="alert">
          {error ?? ''}
        </div>
        <button type="submit" className="btn primary block" disabled={busy}>
          {busy ? '登录中…' : '登录'}
        </button>
      </form>
    </div>
  );
}
