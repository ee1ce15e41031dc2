/** An unread count (99+ past 99); muted conversations show a quiet dot instead. */
export function Badge({ count, muted = false, label }: { count: number; muted?: boolean; label?: string }) {
  if (count <= 0) return null;
  if (muted) return <span className="badge dot" aria-label={`${count} 条未读`} />;
  return (
    <span className="badge" aria-label={label ?? `${count} 条未读`}>
      {count > 99 ? '99+' : count}
    </span>
  );
}
