import { useEffect, useRef, useState } from 'react';
import { errorText } from '../../api/client';
import { contacts } from '../../api/endpoints';
import type { JobView } from '../../api/types';
import { toast } from '../../components/toast';
import { useLiveEvent } from '../../live/LiveContext';

const POLL_MS = 2000;

export function percent(job: Pick<JobView, 'done' | 'total' | 'status'>): number {
  if (job.status === 'done') return 100;
  if (!job.total) return 0;
  return Math.max(0, Math.min(100, Math.round((job.done / job.total) * 100)));
}

/** "Sync contacts" for one account, with a progress bar fed by job events (and a slow poll as a fallback). */
export function SyncBar({ uin, onDone }: { uin: string; onDone: () => void }) {
  const [job, setJob] = useState<JobView | null>(null);
  const [busy, setBusy] = useState(false);

  const jobRef = useRef<JobView | null>(null);
  useEffect(() => {
    jobRef.current = null;
    // oxlint-disable-next-line react/set-state-in-effect -- intended: another account shows no job until its own arrives
    setJob(null);
  }, [uin]);

  const update = (next: JobView) => {
    const old = jobRef.current;
    if (old && old.id !== next.id) return;
    if (old && old.status === 'running' && next.status !== 'running') {
      if (next.status === 'done') {
        toast(`通讯录同步完成，共 ${next.total || next.done} 项`, 'success');
        onDone();
      } else toast(`通讯录同步失败：${next.error ?? '未知原因'}`, 'error');
    }
    jobRef.current = next;
    setJob(next);
  };

  useLiveEvent('job.progress', ({ job: j }) => {
    if (j.uin === uin) update(j);
  });

  const running = job?.status === 'running';
  useEffect(() => {
    if (!running || !job) return undefined;
    const t = setInterval(() => {
      contacts
        .job(job.id)
        .then(update)
        .catch(() => undefined);
    }, POLL_MS);
    return () => clearInterval(t);
    // oxlint-disable-next-line react/exhaustive-deps -- intended: the poll restarts for a new job or a change of its running state, not on every render
  }, [running, job?.id]);

  const start = async () => {
    setBusy(true);
    try {
      const answer = await contacts.sync(uin);
      if (!jobRef.current || jobRef.current.id !== answer.job.id) {
        jobRef.current = answer.job;
        setJob(answer.job);
      }
      if (!answer.started) toast('该微信号的同步已在进行中', 'info');
    } catch (err) {
      toast(errorText(err), 'error');
    } finally {
      setBusy(false);
    }
  };

  const pct = job ? percent(job) : 0;
  return (
    <div className="sync-bar">
      <button type="button" className="btn primary" onClick={() => void start()} disabled={busy || running}>
        {running ? '同步中…' : '同步通讯录'}
      </button>
      <div
        className="progress"
        role="progressbar"
        aria-label="同步进度"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        data-status={job?.status ?? 'idle'}
      >
        <div className={`progress-fill ${job?.status ?? ''}`} style={{ width: `${pct}%` }} />
      </div>
      <span className="muted small sync-text">
        {!job
          ? '从微信拉取好友和群聊'
          : job.status === 'running'
            ? `${job.done}/${job.total || '?'}`
            : job.status === 'done'
              ? `已完成 ${job.total || job.done} 项`
              : `失败：${job.error ?? ''}`}
      </span>
    </div>
  );
}
