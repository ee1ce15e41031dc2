export type ToastKind = 'info' | 'success' | 'error' | 'warning';

export interface Toast {
  id: number;
  kind: ToastKind;
  text: string;
  /** Optional action, e.g. open the chat a keyword hit came from. */
  action?: { label: string; run: () => void };
}

type Listener = (toasts: readonly Toast[]) => void;

let toasts: readonly Toast[] = [];
let seq = 0;
const listeners = new Set<Listener>();
const emit = () => listeners.forEach((l) => l(toasts));

export const MAX_TOASTS = 4;

/** Shows a short message in the corner; it goes away by itself. */
export function toast(text: string, kind: ToastKind = 'info', action?: Toast['action'], ms = kind === 'error' ? 6000 : 3500): number {
  const id = ++seq;
  toasts = [...toasts, { id, kind, text, ...(action ? { action } : {}) }].slice(-MAX_TOASTS);
  emit();
  setTimeout(() => dismiss(id), ms);
  return id;
}

export function dismiss(id: number): void {
  if (!toasts.some((t) => t.id === id)) return;
  toasts = toasts.filter((t) => t.id !== id);
  emit();
}

export function subscribeToasts(l: Listener): () => void {
  listeners.add(l);
  l(toasts);
  return () => listeners.delete(l);
}
