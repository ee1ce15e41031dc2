import type { TestSystem } from './system.js';

/** An account's friends as stored (contact flag 3), oldest first. */
export const friendsOf = (sys: TestSystem, accountId: number) =>
  sys.running.store.db
    .selectFrom('contacts')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('is_room', '=', 0)
    .where('contact_flag', '=', 3)
    .orderBy('id')
    .execute();

/** Handy facts about the simulated world as stored: accounts, a friend, a room and its members. */
export async function worldFacts(sys: TestSystem) {
  const db = sys.running.store.db;
  const accounts = await db.selectFrom('accounts').selectAll().orderBy('id').execute();
  const facts = [];
  for (const a of accounts) {
    const friend = (await friendsOf(sys, a.id))[0];
    if (!friend) throw new Error(`account ${a.uin} has no friend stored`);
    const rooms = await db
      .selectFrom('contacts')
      .selectAll()
      .where('account_id', '=', a.id)
      .where('is_room', '=', 1)
      .orderBy('id')
      .execute();
    const room = rooms[0]!;
    const members = await db.selectFrom('room_members').selectAll().where('room_id', '=', room.id).execute();
    facts.push({ account: a, friend, room, rooms, members: members.filter((m) => m.user_name !== a.user_name) });
  }
  return facts;
}
