import { useEffect, useState } from 'react';
import { errorText } from '../../api/client';
import { rooms } from '../../api/endpoints';
import { toast } from '../../components/toast';

export const ANNOUNCEMENT_MAX = 2000;

/** The room's announcement: read it, edit it, publish it; the stored value comes back as a room event. */
export function Announcement({ contactId, value }: { contactId: number; value: string }) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(value);
  const [pending, setPending] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (pending !== null && value === pending) {
      // oxlint-disable-next-line react/set-state-in-effect -- intended: the room event carrying the published text ends the wait and tells the operator
      setPending(null);
      toast('群公告已更新', 'success');
    }
  }, [value, pending]);

  const publish = async () => {
    const content = draft.trim();
    // oxlint-disable-next-line typescript/no-misused-spread -- the limit counts code points on purpose, as the server does
    if ([...content].length > ANNOUNCEMENT_MAX) return void toast(`公告不能超过 ${ANNOUNCEMENT_MAX} 字`, 'warning');
    setBusy(true);
    try {
      await rooms.setAnnouncement(contactId, content);
      setPending(content);
      setEditing(false);
    } catch (err) {
      toast(errorText(err), 'error');
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel-section" aria-label="群公告">
      <div className="section-head">
        <h4>群公告</h4>
        {editing ? null : (
          <button
            type="button"
            className="link-btn"
            onClick={() => {
              setDraft(pending ?? value);
              setEditing(true);
            }}
          >
            编辑
          </button>
        )}
      </div>
      {editing ? (
        <div className="announcement-edit">
          <textarea
            aria-label="群公告内容"
            rows={5}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            placeholder="输入群公告，发布后所有成员可见"
          />
          <div className="row-end">
            <button type="button" className="btn" onClick={() => setEditing(false)}>
              取消
            </button>
            <button type="button" className="btn primary" onClick={() => void publish()} disabled={busy}>
              {busy ? '发布中…' : '发布'}
            </button>
          </div>
        </div>
      ) : (
        <p className={value ? 'announcement' : 'announcement muted'} data-testid="announcement">
          {value || '暂无群公告'}
        </p>
      )}
      {pending !== null ? <p className="muted small">已提交，等待微信确认…</p> : null}
    </section>
  );
}
