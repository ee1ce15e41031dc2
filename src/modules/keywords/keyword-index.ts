import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { KeywordMatcher, type KeywordEntry } from './keyword-matcher.js';
import { allKeywords } from './keywords.repository.js';
import { assignmentsOf } from '../accounts/accounts.tx.js';
import { operatorRoles } from '../auth/operators.tx.js';

/**
 * The keywords that apply to each account: an operator's keywords watch the groups of the
 * accounts it may see (an administrator's, every account's).
 */
export class KeywordIndex {
  constructor(
    private readonly matcher: KeywordMatcher,
    private readonly scope: Map<number, Set<number> | 'all'>,
  ) {}

  static async load(db: Kysely<Database>): Promise<KeywordIndex> {
    const rows = await allKeywords(db);
    const entries: KeywordEntry[] = rows.map((r) => ({ id: r.id, keyword: r.keyword, operatorId: r.operator_id }));
    const owners = [...new Set(entries.map((e) => e.operatorId))];
    const scope = new Map<number, Set<number> | 'all'>();
    if (owners.length) {
      const ops = await operatorRoles(db, owners);
      const assigned = await assignmentsOf(db, owners);
      for (const op of ops) scope.set(op.id, op.role === 'admin' ? 'all' : new Set());
      for (const a of assigned) {
        const s = scope.get(a.operator_id);
        if (s && s !== 'all') s.add(a.account_id);
      }
    }
    return new KeywordIndex(new KeywordMatcher(entries), scope);
  }

  /** Keywords found in a group message of this account, each once. */
  match(accountId: number, text: string): KeywordEntry[] {
    return this.matcher.match(text).filter((e) => {
      const s = this.scope.get(e.operatorId);
      return s === 'all' || (s !== undefined && s.has(accountId));
    });
  }
}
