import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { errorText } from '../../api/client';
import { operators as api } from '../../api/endpoints';
import type { DeskAccount, OperatorSummary } from '../../api/types';
import { Confirm } from '../../components/Modal';
import { toast } from '../../components/toast';
import { AssignModal } from './AssignModal';

/**
 * Administrators: the operators, a form to create one, which accounts each agent works, and
 * disabling one (after a confirm: its sessions end at once, everywhere) or enabling it again.
 * `selfId` is the administrator looking: it cannot disable itself.
 */
export function OperatorsCard({ accounts, selfId }: { accounts: DeskAccount[]; selfId: number }) {
  const [list, setList] = useState<OperatorSummary[]>([]);
  const [form, setForm] = useState({ username: '', password: '', role: 'agent' as 'admin' | 'agent' });
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState<OperatorSummary | null>(null);
  const [toggling, setToggling] = useState<OperatorSummary | null>(null);

  const reload = useCallback(async () => {
    try {
      setList(await api.list());
    } catch (err) {
      toast(errorText(err), 'error');
    }
  }, []);
  // oxlint-disable-next-line react/set-state-in-effect -- false positive: reload sets state only after its request answers
  useEffect(() => void reload(), [reload]);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const op = await api.create({ username: form.username.trim(), password: form.password, role: form.role });
      toast(`已创建系统账号「${op.username}」`, 'success');
      setForm({ username: '', password: '', role: 'agent' });
      await reload();
      if (op.role === 'agent') setEditing({ ...op, disabled: false, uins: [] });
    } catch (err) {
      toast(errorText(err), 'error');
    } finally {
      setBusy(false);
    }
  };

  const toggle = async (o: OperatorSummary) => {
    setBusy(true);
    try {
      await api.setDisabled(o.id, !o.disabled);
      toast(o.disabled ? `已启用系统账号「${o.username}」` : `已停用系统账号「${o.username}」`, 'success');
      setToggling(null);
      await reload();
    } catch (err) {
      toast(errorText(err), 'error');
    } finally {
      setBusy(false);
    }
  };

  const nameOf = (uin: string) => accounts.find((a) => a.uin === uin)?.nickName ?? uin;
  return (
    <section className="card" aria-label="系统账号">
      <h3>系统账号</h3>
      <table className="table ops-table">
        <thead>
          <tr>
            <th>用户名</th>
            <th>角色</th>
            <th>可用微信号</th>
            <th className="actions-col">操作</th>
          </tr>
        </thead>
        <tbody>
          {list.map((o) => (
            <tr
              key={o.id}
              data-operator={o.username}
              data-disabled={o.disabled ? 'true' : undefined}
              className={o.disabled ? 'disabled' : undefined}
            >
              <td title={o.username}>
                <span className="op-name">
                  <span className="op-username">{o.username}</span>
                  {o.disabled ? <span className="tag danger">已停用</span> : null}
                </span>
              </td>
              <td>{o.role === 'admin' ? <span className="tag">管理员</span> : <span className="tag muted-tag">客服</span>}</td>
              <td className="muted" title={o.uins?.map(nameOf).join('、')}>
                {o.role === 'admin' ? '全部' : o.uins?.length ? o.uins.map(nameOf).join('、') : '未分配'}
              </td>
              <td className="actions-col">
                {o.role === 'agent' ? (
                  <button type="button" className="link-btn" onClick={() => setEditing(o)}>
                    分配微信号
                  </button>
                ) : null}
                {o.id !== selfId ? (
                  <button type="button" className={o.disabled ? 'link-btn' : 'link-btn danger'} onClick={() => setToggling(o)}>
                    {o.disabled ? '启用' : '停用'}
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="row wrap" onSubmit={(e) => void create(e)} aria-label="新建系统账号">
        <input
          className="input"
          placeholder="用户名"
          aria-label="用户名"
          value={form.username}
          onChange={(e) => setForm({ ...form, username: e.target.value })}
        />
        <input
          className="input"
          type="password"
          placeholder="密码（至少 6 位）"
          aria-label="密码"
          autoComplete="new-password"
          value={form.password}
          onChange={(e) => setForm({ ...form, password: e.target.value })}
        />
        <select aria-label="角色" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as 'admin' | 'agent' })}>
          <option value="agent">客服</option>
          <option value="admin">管理员</option>
        </select>
        <button type="submit" className="btn primary" disabled={busy || !form.username.trim() || form.password.length < 6}>
          新建
        </button>
      </form>
      {toggling ? (
        <Confirm
          title={toggling.disabled ? '启用系统账号' : '停用系统账号'}
          text={
            toggling.disabled
              ? `确定启用「${toggling.username}」吗？启用后可以重新登录。`
              : `确定停用「${toggling.username}」吗？它在所有设备上立即退出登录，停用期间无法登录，直到重新启用。`
          }
          danger={!toggling.disabled}
          busy={busy}
          confirmLabel={toggling.disabled ? '启用' : '停用'}
          onConfirm={() => void toggle(toggling)}
          onCancel={() => setToggling(null)}
        />
      ) : null}
      {editing ? (
        <AssignModal
          operator={editing}
          accounts={accounts}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void reload();
          }}
        />
      ) : null}
    </section>
  );
}
