import { useCallback, useEffect, useRef, useState } from 'react';
import { errorText } from '../../api/client';
import { contacts, inbox } from '../../api/endpoints';
import type { ConversationView, OperatorView } from '../../api/types';
import { toast } from '../../components/toast';
import { useLiveEvents } from '../../live/LiveContext';
import { AccountList } from './AccountList';
import { ChatPane } from './ChatPane';
import { ConversationList } from './ConversationList';
import type { ConversationType } from './conversations-state';
import type { ChatTarget } from './types';
import { useAccounts } from './useAccounts';
import { useConversations } from './useConversations';

/** Another page asks the desk to open a chat (a keyword hit, a contact). */
export interface ChatRequest {
  contactId: number;
  uin: string;
  at: number;
}

/** The three-pane desk: accounts → recent conversations → the chat. */
export function Desk({ request }: { operator: OperatorView; request: ChatRequest | null }) {
  const { accounts, error: accountsError } = useAccounts();
  const [uin, setUin] = useState<string | null>(null);
  const [type, setType] = useState<ConversationType>('single');
  const [q, setQ] = useState('');
  const [target, setTarget] = useState<ChatTarget | null>(null);
  const list = useConversations({ type, uin, q });
  const accountsRef = useRef(accounts);
  // oxlint-disable-next-line react/refs -- latest-value ref, read only by the request effect
  accountsRef.current = accounts;

  const open = useCallback((c: ConversationView) => setTarget({ contact: c.contact, account: c.account }), []);

  useEffect(() => {
    if (!request) return;
    let live = true;
    (async () => {
      const contact = await contacts.get(request.contactId);
      const account = accountsRef.current.find((a) => a.uin === request.uin) ?? (await inbox.accounts()).find((a) => a.uin === request.uin);
      if (!live) return;
      if (!account) throw new Error('找不到该会话所属的微信号');
      setType(contact.isRoom ? 'group' : 'single');
      setQ('');
      setUin((u) => (u !== null && u !== account.uin ? null : u));
      setTarget({ contact, account });
    })().catch((err: unknown) => toast(errorText(err), 'error'));
    return () => {
      live = false;
    };
  }, [request]);

  // Keep the open chat's contact and account current; close it when the room is gone.
  const targetRef = useRef(target);
  // oxlint-disable-next-line react/refs -- latest-value ref, read only by the live event handler
  targetRef.current = target;
  useLiveEvents(
    (e) => {
      const t = targetRef.current;
      if (!t) return;
      if (e.type === 'account.updated') {
        if (e.data.account.id === t.account.id) setTarget({ ...t, account: e.data.account });
        return;
      }
      const fresh = e.type === 'room.updated' ? [e.data.room] : e.type === 'contact.updated' ? e.data.contacts : [];
      const c = fresh.find((x) => x.id === t.contact.id);
      if (!c) return;
      if (c.isDelete) {
        toast(`已退出群聊「${c.nickName || c.userName}」`, 'info');
        setTarget(null);
        return;
      }
      setTarget({ ...t, contact: { ...t.contact, ...c } });
    },
    ['account.updated', 'room.updated', 'contact.updated'],
  );

  const listDispatch = list.dispatch;
  const onRead = useCallback((contactId: number) => listDispatch({ type: 'read', contactId }), [listDispatch]);
  const onSetting = useCallback(
    (contactId: number, setting: number) => {
      listDispatch({ type: 'setting', contactId, setting });
      setTarget((t) => (t && t.contact.id === contactId ? { ...t, contact: { ...t.contact, setting } } : t));
    },
    [listDispatch],
  );

  return (
    <div className="desk">
      <AccountList accounts={accounts} selected={uin} onSelect={setUin} error={accountsError} />
      <ConversationList
        items={list.items}
        type={type}
        onType={setType}
        query={q}
        onQuery={setQ}
        openId={target?.contact.id ?? null}
        onOpen={open}
        showAccount={uin === null && accounts.length > 1}
        loading={list.loading}
        hasMore={list.hasMore}
        error={list.error}
        onMore={list.loadMore}
      />
      <ChatPane target={target} onRead={onRead} onSetting={onSetting} />
    </div>
  );
}
