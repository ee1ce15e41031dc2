import { useCallback, useEffect, useState } from 'react';
import { errorText } from '../../api/client';
import { rooms } from '../../api/endpoints';
import type { ContactView, RoomMember } from '../../api/types';
import { useLive, useLiveEvent } from '../../live/LiveContext';

/** A room's members, loaded when a group chat opens (for names and avatars of senders). */
export function useRoomMembers(contactId: number | null) {
  const [members, setMembers] = useState<RoomMember[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const { reconnects } = useLive();

  const reload = useCallback(async () => {
    if (contactId === null) return;
    setLoading(true);
    try {
      setMembers(await rooms.members(contactId));
      setError(null);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setLoading(false);
    }
  }, [contactId]);

  useEffect(() => {
    // oxlint-disable-next-line react/set-state-in-effect -- intended: another room's members are cleared before its own load
    setMembers([]);
    setError(null);
    void reload();
  }, [reload, reconnects]);

  return { members, error, loading, reload };
}

/** The stored room (announcement, owner, member count, setting), kept live by room events. */
export function useRoomInfo(contactId: number, initial: ContactView) {
  const [room, setRoom] = useState<ContactView>(initial);
  const [error, setError] = useState<string | null>(null);
  const { reconnects } = useLive();

  useEffect(() => {
    let live = true;
    rooms
      .get(contactId)
      .then((r) => live && setRoom(r))
      .catch((err: unknown) => live && setError(errorText(err)));
    return () => {
      live = false;
    };
  }, [contactId, reconnects]);

  useLiveEvent('room.updated', ({ room: r }) => {
    if (r.id === contactId) setRoom(r);
  });
  useLiveEvent('contact.updated', ({ contacts }) => {
    const r = contacts.find((c) => c.id === contactId);
    if (r) setRoom((old) => ({ ...old, ...r }));
  });

  return { room, setRoom, error };
}
