import { useCallback, useEffect, useReducer, useRef } from 'react';
import { errorText } from '../../api/client';
import { HISTORY_PAGE, inbox } from '../../api/endpoints';
import type { MessageView } from '../../api/types';
import { toast } from '../../components/toast';
import { useLive, useLiveEvents } from '../../live/LiveContext';
import { chatReducer, emptyChat, localMessage, newTokenId } from './chat-state';
import type { ChatTarget } from './types';

const READ_THROTTLE_MS = 1000;

/** History, sending and live messages of the open chat; marks it read while it is open. */
export function useChat(target: ChatTarget | null, onRead: (contactId: number) => void) {
  const [state, dispatch] = useReducer(chatReducer, emptyChat);
  const contactId = target?.contact.id ?? null;
  const { reconnects } = useLive();
  const files = useRef(new Map<string, File>());
  const lastRead = useRef(0);
  const busy = useRef(false);

  const markRead = useCallback(
    (id: number) => {
      lastRead.current = Date.now();
      onRead(id);
      inbox.markRead(id).catch(() => undefined);
    },
    [onRead],
  );

  const loadLatest = useCallback(async (id: number) => {
    try {
      const page = await inbox.history(id);
      dispatch({ type: 'page', contactId: id, newestFirst: page, limit: HISTORY_PAGE, reset: true });
    } catch (err) {
      dispatch({ type: 'pageFailed', contactId: id });
      toast(errorText(err), 'error');
    }
  }, []);

  useEffect(() => {
    dispatch({ type: 'open', contactId });
    if (contactId === null) return;
    void loadLatest(contactId);
    markRead(contactId);
    // oxlint-disable-next-line react/exhaustive-deps -- runs when the open chat changes only; a new markRead (a new onRead) must not reopen it
  }, [contactId]);

  useEffect(() => {
    if (reconnects > 0 && contactId !== null) void loadLatest(contactId);
    // oxlint-disable-next-line react/exhaustive-deps -- reloads on a reconnect only; opening another chat is the effect above
  }, [reconnects]);

  useLiveEvents((event) => {
    dispatch({ type: 'event', event });
    if (event.type !== 'message.new' || contactId === null) return;
    const m = event.data.message;
    if (m.contactId !== contactId || m.isOut || document.visibilityState === 'hidden') return;
    if (Date.now() - lastRead.current > READ_THROTTLE_MS) markRead(contactId);
    else setTimeout(() => markRead(contactId), READ_THROTTLE_MS);
  });

  const loadOlder = useCallback(async () => {
    if (contactId === null || busy.current || !state.hasMore || state.loading) return;
    const oldest = state.messages.find((m) => m.id > 0);
    if (!oldest) return;
    busy.current = true;
    dispatch({ type: 'loading' });
    try {
      const page = await inbox.history(contactId, oldest.id);
      dispatch({ type: 'page', contactId, newestFirst: page, limit: HISTORY_PAGE, reset: false });
    } catch (err) {
      dispatch({ type: 'pageFailed', contactId });
      toast(errorText(err), 'error');
    } finally {
      busy.current = false;
    }
  }, [contactId, state.hasMore, state.loading, state.messages]);

  const send = useCallback(
    async (input: { text: string } | { file: File }) => {
      if (!target) return;
      const id = target.contact.id;
      const tokenId = newTokenId();
      const base = { contactId: id, tokenId, from: target.account.userName, to: target.contact.userName };
      const local =
        'text' in input
          ? localMessage({ ...base, text: input.text })
          : localMessage({ ...base, imageUrl: URL.createObjectURL(input.file), fileName: input.file.name });
      if ('file' in input) files.current.set(tokenId, input.file);
      dispatch({ type: 'local', message: local });
      try {
        const accepted = 'text' in input ? await inbox.sendText(id, input.text, tokenId) : await inbox.sendImage(id, input.file, tokenId);
        dispatch({ type: 'accepted', message: accepted });
      } catch (err) {
        dispatch({ type: 'rejected', tokenId, reason: errorText(err) });
      }
    },
    [target],
  );

  const retry = useCallback(
    (m: MessageView) => {
      const file = m.tokenId ? files.current.get(m.tokenId) : undefined;
      if (m.msgType === 3 && file) void send({ file });
      else if (m.msgType === 1) void send({ text: m.content });
      else toast('该消息无法重发，请重新选择图片', 'warning');
    },
    [send],
  );

  return { state, loadOlder, send, retry };
}
