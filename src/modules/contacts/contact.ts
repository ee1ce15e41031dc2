import type { ContactView } from '../../api/contact.js';

/**
 * A friend or a room as one account sees it, as services pass it to one another: what the
 * API shows of it, and when its member list was last stored.
 */
export interface Contact extends ContactView {
  /** When the room's member list was last stored; null when never. */
  membersSyncedAt: number | null;
}
