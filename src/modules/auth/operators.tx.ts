/**
 * What other modules may use of the operators table inside a statement or transaction they
 * own: the delData cursor lives on the operator, and the keyword index needs roles.
 */
export { advanceDeletionCursor, deletionCursorOf, furthestDeletionCursor, operatorRoles } from './operators.repository.js';
