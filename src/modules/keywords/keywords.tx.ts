/** What other modules may do with keyword hits inside a transaction they own: ingest records the hits of its batch. */
export { insertHits } from './keywords.repository.js';
