/** What other modules may do with jobs inside a transaction they own: ingest follows a sync's progress and end. */
export { finish as finishJob, setProgress as setJobProgress } from './jobs.repository.js';
