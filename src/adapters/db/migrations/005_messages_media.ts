import { sql, type Kysely, type Migration } from 'kysely';

/**
 * messages_media: from a media URL to the messages (and their accounts) that carry it, so
 * /media/<file> can ask "may this operator see a message with this file?" at each request
 * without a scan. Over messages with a URL only (text is most of the table), and with the
 * account in the index, the look-up never reads a message row.
 */
export const messagesMediaMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createIndex('messages_media')
      .on('messages')
      .columns(['url', 'account_id'])
      .where(sql.ref('url'), 'is not', null)
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('messages_media').execute();
  },
};
