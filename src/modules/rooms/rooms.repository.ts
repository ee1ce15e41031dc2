import type { Kysely } from 'kysely';
import type { Database, RoomMemberRow } from '../../store/schema.js';

type Db = Kysely<Database>;

export const listMembers = (db: Db, roomId: number) =>
  db.selectFrom('room_members').selectAll().where('room_id', '=', roomId).orderBy('is_owner', 'desc').orderBy('user_name').execute();

export const findMember = (db: Db, roomId: number, userName: string) =>
  db.selectFrom('room_members').selectAll().where('room_id', '=', roomId).where('user_name', '=', userName).executeTakeFirst();

/** Replaces the member list of a room with what the gateway reported. */
export async function replaceMembers(db: Db, roomId: number, members: RoomMemberRow[]): Promise<void> {
  await db.deleteFrom('room_members').where('room_id', '=', roomId).execute();
  // Chunked: SQLite caps bound parameters per statement.
  for (let i = 0; i < members.length; i += 100)
    await db
      .insertInto('room_members')
      .values(members.slice(i, i + 100))
      .execute();
}
