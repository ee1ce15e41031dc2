/**
 * What this process knows of history deletions, so that delData (asked by every
 * findLastMsgList) reads the store only when something may be pending for the operator.
 *
 * Why it is safe: a deletion is stamped past every operator's cursor (del_seen_at), so a
 * deletion not yet reported to an operator has a stamp above that operator's cursor. Here,
 * `latest` is at least every stamp this process has heard of (read once, then each local
 * deletion and each conversation.deleted notification from other nodes), and `cursors` holds
 * for each operator a cursor value it has in the store (a lower bound: cursors only grow).
 * While latest ≤ the operator's cursor, nothing this process knows of is pending. A deletion on another node
 * whose notification has not arrived yet is reported by a later list: the cursor has not
 * moved past it.
 */
export class DeletionWatermark {
  private latest: Promise<number> | undefined;
  private readonly cursors = new Map<number, number>();

  constructor(private readonly readLatest: () => Promise<number>) {}

  /** The newest deletion stamp known here (read from the store the first time). */
  latestKnown(): Promise<number> {
    if (!this.latest) this.keep(this.readLatest());
    return this.latest!;
  }

  /** A deletion committed here or reported by another node. */
  note(at: number): void {
    this.keep((this.latest ?? this.readLatest()).then((t) => Math.max(t, at)));
  }

  /** Whether everything known up to `latest` has been told to the operator. */
  isTold(operatorId: number, latest: number): boolean {
    return latest <= (this.cursors.get(operatorId) ?? -1);
  }

  /** The operator's cursor, as this process has just stored it. */
  cursorStored(operatorId: number, cursor: number): void {
    this.cursors.set(operatorId, Math.max(cursor, this.cursors.get(operatorId) ?? -1));
  }

  /** A failed read is not kept: the next list asks the store again. */
  private keep(latest: Promise<number>): void {
    this.latest = latest;
    latest.catch(() => {
      if (this.latest === latest) this.latest = undefined;
    });
  }
}
