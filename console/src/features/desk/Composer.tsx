import { useRef, useState, type ChangeEvent, type KeyboardEvent } from 'react';
import { ImageIcon } from '../../components/icons';
import { toast } from '../../components/toast';

export const TEXT_MAX = 4000;
export const IMAGE_MAX_BYTES = 10 * 1024 * 1024;

/** The input under a chat: Enter sends, Shift+Enter starts a new line; an image button. */
export function Composer({
  onText,
  onImage,
  disabledReason,
}: {
  onText: (text: string) => void;
  onImage: (file: File) => void;
  disabledReason?: string | null;
}) {
  const [text, setText] = useState('');
  const fileRef = useRef<HTMLInputElement>(null);
  const composing = useRef(false);

  const submit = () => {
    const t = text.trim();
    if (!t) return;
    // oxlint-disable-next-line typescript/no-misused-spread -- the limit counts code points on purpose, as the server does
    if ([...t].length > TEXT_MAX) {
      toast(`消息不能超过 ${TEXT_MAX} 字`, 'warning');
      return;
    }
    onText(t);
    setText('');
  };

  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !composing.current && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  };

  const onFile = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    if (!file.type.startsWith('image/')) return void toast('只能发送图片文件', 'warning');
    if (file.size > IMAGE_MAX_BYTES) return void toast('图片不能超过 10 MB', 'warning');
    onImage(file);
  };

  return (
    <div className="composer">
      <div className="composer-tools">
        <button type="button" className="icon-btn" title="发送图片" aria-label="发送图片" onClick={() => fileRef.current?.click()}>
          <ImageIcon />
        </button>
        <input ref={fileRef} type="file" accept="image/*" hidden onChange={onFile} data-testid="image-input" />
        {disabledReason ? <span className="warning-text small">{disabledReason}</span> : null}
      </div>
      <textarea
        aria-label="输入消息"
        placeholder="输入消息，Enter 发送，Shift+Enter 换行"
        value={text}
        maxLength={TEXT_MAX + 100}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKey}
        onCompositionStart={() => (composing.current = true)}
        onCompositionEnd={() => (composing.current = false)}
      />
      <div className="composer-foot">
        {/* oxlint-disable-next-line typescript/no-misused-spread -- the limit counts code points on purpose, as the server does */}
        <span className="muted small">{text.length > TEXT_MAX - 200 ? `${[...text].length}/${TEXT_MAX}` : ''}</span>
        <button type="button" className="btn primary" onClick={submit} disabled={!text.trim()}>
          发送
        </button>
      </div>
    </div>
  );
}
