import { useEffect, useRef, useState } from 'react';
import { errorText } from '../../api/client';
import { logins } from '../../api/endpoints';
import { Modal } from '../../components/Modal';
import { toast } from '../../components/toast';
import { useLiveEvent } from '../../live/LiveContext';

type Step = { kind: 'starting' } | { kind: 'qr'; url: string } | { kind: 'done'; name: string } | { kind: 'failed'; text: string };

/**
 * Adds an account: asks the gateway for a login, shows the QR code it pushes (account.qr),
 * and closes the loop when a new account comes online (account.updated).
 */
export function QrLoginModal({ known, onClose }: { known: string[]; onClose: () => void }) {
  const [step, setStep] = useState<Step>({ kind: 'starting' });
  const expected = useRef<string | null>(null);
  const knownSet = useRef(new Set(known));

  useEffect(() => {
    let live = true;
    logins
      .add()
      .then((r) => {
        expected.current = r.uin;
      })
      .catch((err: unknown) => live && setStep({ kind: 'failed', text: errorText(err) }));
    return () => {
      live = false;
    };
  }, []);

  useLiveEvent('account.qr', (d) => {
    if (d.uin === null || d.uin === expected.current || !knownSet.current.has(d.uin))
      setStep((s) => (s.kind === 'done' ? s : { kind: 'qr', url: d.qrUrl }));
  });
  useLiveEvent('account.updated', (d) => {
    const isNew = d.uin === expected.current || !knownSet.current.has(d.uin);
    if (isNew && d.account.online) {
      setStep({ kind: 'done', name: d.account.nickName });
      toast(`微信号「${d.account.nickName}」已登录`, 'success');
    }
  });

  return (
    <Modal
      title="添加微信号"
      onClose={onClose}
      footer={
        <button type="button" className="btn" onClick={onClose}>
          {step.kind === 'done' ? '完成' : '关闭'}
        </button>
      }
    >
      <div className="qr-box" aria-live="polite">
        {step.kind === 'starting' ? <p className="muted">正在获取登录二维码…</p> : null}
        {step.kind === 'qr' ? (
          <>
            <img src={step.url} alt="登录二维码" width={220} height={220} />
            <p>请用手机微信扫码并确认登录</p>
          </>
        ) : null}
        {step.kind === 'done' ? <p className="success-text">「{step.name}」已登录，可以开始使用。</p> : null}
        {step.kind === 'failed' ? <p className="danger-text">{step.text}</p> : null}
      </div>
    </Modal>
  );
}
