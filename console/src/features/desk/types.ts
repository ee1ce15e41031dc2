import type { AccountView, ContactView } from '../../api/types';

/** The chat on screen: a contact (or room) as seen by one account. */
export interface ChatTarget {
  contact: ContactView;
  account: AccountView;
}
