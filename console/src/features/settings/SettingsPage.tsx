import type { OperatorView } from '../../api/types';
import { useAccounts } from '../desk/useAccounts';
import { AccountsCard } from './AccountsCard';
import { HitsCard } from './HitsCard';
import { KeywordsCard } from './KeywordsCard';
import { OperatorsCard } from './OperatorsCard';

/** Settings: sensitive keywords and their hits; for administrators, operators and their accounts. */
export function SettingsPage({ operator, onOpenChat }: { operator: OperatorView; onOpenChat: (contactId: number, uin: string) => void }) {
  const { accounts } = useAccounts();
  return (
    <div className="page-scroll settings-page">
      <header className="page-head">
        <h1>设置</h1>
        <span className="muted">
          {operator.username} · {operator.role === 'admin' ? '管理员' : '客服'}
        </span>
      </header>
      <div className="settings-grid">
        <div className="settings-side">
          <KeywordsCard />
          {operator.role === 'admin' ? <AccountsCard accounts={accounts} /> : null}
          {operator.role === 'admin' ? <OperatorsCard accounts={accounts} selfId={operator.id} /> : null}
        </div>
        <HitsCard onOpenChat={onOpenChat} />
      </div>
    </div>
  );
}
