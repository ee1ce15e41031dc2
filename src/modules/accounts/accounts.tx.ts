/**
 * What other modules may use of the accounts and their assignments inside a statement or
 * transaction they own: ingest stores logins in its batch, and lists that carry an agent's
 * scope in their one statement use `assignedTo`.
 */
export { assignedTo, assignmentsOf, findAccountByUin, findAccountsByUin, setAccountStatus, upsertAccount } from './accounts.repository.js';
