import type { Kysely } from 'kysely';
import type { Database, JobRow } from '../../store/schema.js';
import type { Caller } from '../../core/caller.js';
import { notFound } from '../../core/errors.js';
import type { Clock } from '../../core/time.js';
import type { AccountsService } from '../accounts/accounts.service.js';
import type { CommandClient } from '../commands/command-client.js';
import type { JobView } from '../../api/job.js';
import * as repo from './jobs.repository.js';

const SYNC = 'syncContacts';

const toJobView = (uin: string, r: JobRow): JobView => ({
  id: r.id,
  uin,
  kind: r.kind,
  status: r.status,
  done: r.done,
  total: r.total,
  error: r.error,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** A sync that has not reported for this long is considered dead, and a new one may start. */
export const JOB_STALE_MS = 5 * 60_000;

export class JobsService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly accounts: AccountsService,
    private readonly commands: CommandClient,
    private readonly clock: Clock,
  ) {}

  /**
   * Starts a contact sync for the account, or answers the one already running: the
   * unique index on running jobs makes this hold across processes too.
   */
  async syncContacts(caller: Caller, uin: string): Promise<{ job: JobView; started: boolean }> {
    const account = await this.accounts.resolve(caller, uin);
    const now = this.clock.now();
    await repo.expireStale(this.db, account.id, SYNC, now - JOB_STALE_MS, now);
    const inserted = await repo.insertRunning(this.db, account.id, SYNC, now);
    if (inserted) {
      await this.commands.send({ kind: 'syncContacts', uin: account.uin, jobId: inserted.id });
      return { job: toJobView(account.uin, inserted), started: true };
    }
    return { job: toJobView(account.uin, await repo.findRunning(this.db, account.id, SYNC)), started: false };
  }

  async get(caller: Caller, id: number): Promise<JobView> {
    const row = await repo.findJob(this.db, id);
    const account = row && (await this.accounts.findById(row.account_id));
    if (!row || !account) throw notFound('account.not_found', `任务 ${id}`);
    await this.accounts.resolve(caller, account.uin);
    return toJobView(account.uin, row);
  }

  async list(caller: Caller, uin: string): Promise<JobView[]> {
    const account = await this.accounts.resolve(caller, uin);
    return (await repo.listJobs(this.db, account.id, 20)).map((r) => toJobView(account.uin, r));
  }

  /** No access check: for the event hub, which filters by account itself. */
  async viewOf(id: number): Promise<JobView | undefined> {
    const row = await repo.findJob(this.db, id);
    const account = row && (await this.accounts.findById(row.account_id));
    return row && account ? toJobView(account.uin, row) : undefined;
  }
}
