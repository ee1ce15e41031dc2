import { useState } from 'react';
import { errorText } from '../../api/client';
import { operators as api } from '../../api/endpoints';
import type { DeskAccount, OperatorSummary } from '../../api/types';
import { Avatar } from '../../components/Avatar';
import { Modal } from '../../components/Modal';
import { toast } from '../../components/toast';

/** Which accounts an agent may work. */
export function AssignModal({
  operator,
  accounts,
  onClose,
  onSaved,
}: {
  operator: OperatorSummary;
  accounts: DeskAccount[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(operator.uins ?? []));
  const [busy, setBusy] = useState(false);

  const toggle = (uin: string) =>
    setChosen((s) => {
      const n = new Set(s);
      if (n.has(uin)) n.delete(uin);
      else n.add(uin);
      return n;
    });

  const save = async () => {
    setBusy(true);
    try {
      await api.assign(operator.id, [...chosen]);
      toast(`已为「${operator.username}」分配 ${chosen.size} 个微信号`, 'success');
      onSaved();
    } catch (err) {
      toast(errorText(err), 'error');
      setBusy(false);
    }
  };

  return (
    <Modal
      title={`分配微信号：${operator.username}`}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            取消
          </button>
          <button type="button" className="btn primary" onClick={() => void save()} disabled={busy}>
            {busy ? '保存中…' : '保存'}
          </button>
        </>
      }
    >
      <ul className="check-list">
        {accounts.map((a) => (
          <li key={a.uin}>
            <label>
              <input type="checkbox" checked={chosen.has(a.uin)} onChange={() => toggle(a.uin)} data-uin={a.uin} />
              <Avatar src={a.headImgUrl} name={a.nickName} size={28} online={a.online} />
              <span>{a.nickName}</span>
              <span className="muted small">{a.uin}</span>
            </label>
          </li>
        ))}
      </ul>
    </Modal>
  );
}
