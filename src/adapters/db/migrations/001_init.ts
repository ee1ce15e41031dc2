import { sql, type CreateTableBuilder, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../database.js';

/**
 * The whole first schema. Hot queries and the index that serves each:
 * - recent conversations of some accounts, newest first (groups: starred first) → conversations_recent;
 *   of every account (administrators) → conversations_recent_all. Both hold only listed
 *   conversations (not deleted) and end in (starred, last_time, contact_id): the list's order.
 * - messages of a conversation by time (history, cursor backwards) → messages_by_conversation
 * - idempotent ingest on (account, msgId) → messages_msg_id; sends by tokenId → messages_token
 */
export function initMigration(dialect: Dialect): Migration {
  const id = <T extends string>(t: CreateTableBuilder<T, never>) =>
    dialect === 'postgres'
      ? t.addColumn('id', 'serial', (c) => c.primaryKey())
      : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  const ms = 'bigint' as const;
  const text = (t: CreateTableBuilder<string, never>, name: string) => t.addColumn(name, 'text', (c) => c.notNull().defaultTo(''));

  return {
    async up(db: Kysely<unknown>) {
      await id(db.schema.createTable('operators'))
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('del_seen_at', ms, (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', ms, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('sessions')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('operator_id', 'integer', (c) => c.notNull().references('operators.id').onDelete('cascade'))
        .addColumn('expires_at', ms, (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .execute();

      await id(db.schema.createTable('accounts'))
        .addColumn('uin', 'text', (c) => c.notNull().unique())
        .addColumn('user_name', 'text', (c) => c.notNull())
        .addColumn('nick_name', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('head_img_url', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('status', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('gateway_node', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('last_login_at', ms)
        .execute();

      await db.schema
        .createTable('operator_accounts')
        .addColumn('operator_id', 'integer', (c) => c.notNull().references('operators.id').onDelete('cascade'))
        .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('operator_accounts_pk', ['operator_id', 'account_id'])
        .execute();

      let contacts = id(db.schema.createTable('contacts'))
        .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('user_name', 'text', (c) => c.notNull());
      for (const col of [
        'nick_name',
        'remark_name',
        'py_initial',
        'py_quan_pin',
        'remark_py_initial',
        'remark_py_quan_pin',
        'head_img_url',
      ])
        contacts = text(contacts, col);
      contacts = contacts
        .addColumn('is_room', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('setting', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('is_delete', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('contact_flag', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('sex', 'integer', (c) => c.notNull().defaultTo(0));
      for (const col of ['alias', 'province', 'city', 'signature', 'announcement', 'owner_user_name']) contacts = text(contacts, col);
      await contacts
        .addColumn('member_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('members_synced_at', ms)
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .addUniqueConstraint('contacts_account_user', ['account_id', 'user_name'])
        .execute();

      let members = db.schema
        .createTable('room_members')
        .addColumn('room_id', 'integer', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
        .addColumn('user_name', 'text', (c) => c.notNull());
      for (const col of ['nick_name', 'display_name', 'head_img_url', 'py_initial', 'py_quan_pin']) members = text(members, col);
      await members
        .addColumn('is_owner', 'integer', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('room_members_pk', ['room_id', 'user_name'])
        .execute();

      await (
        dialect === 'postgres'
          ? db.schema.createTable('messages').addColumn('id', 'bigserial', (c) => c.primaryKey())
          : db.schema.createTable('messages').addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      )
        .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('contact_id', 'integer', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
        .addColumn('msg_id', 'text')
        .addColumn('token_id', 'text')
        .addColumn('from_user_name', 'text', (c) => c.notNull())
        .addColumn('to_user_name', 'text', (c) => c.notNull())
        .addColumn('sender_user_name', 'text', (c) => c.notNull())
        .addColumn('msg_type', 'integer', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('file_name', 'text')
        .addColumn('file_size', ms)
        .addColumn('url', 'text')
        .addColumn('is_out', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('send_status', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('fail_reason', 'text')
        .addColumn('create_time', ms, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('messages_msg_id').unique().on('messages').columns(['account_id', 'msg_id']).execute();
      await db.schema
        .createIndex('messages_token')
        .unique()
        .on('messages')
        .columns(['account_id', 'token_id'])
        .where(sql.ref('token_id'), 'is not', null)
        .execute();
      await db.schema.createIndex('messages_by_conversation').on('messages').columns(['contact_id', 'create_time', 'id']).execute();

      await db.schema
        .createTable('conversations')
        .addColumn('contact_id', 'integer', (c) => c.primaryKey().references('contacts.id').onDelete('cascade'))
        .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('is_room', 'integer', (c) => c.notNull())
        .addColumn('last_message_id', dialect === 'postgres' ? 'bigint' : 'integer')
        .addColumn('last_time', ms, (c) => c.notNull())
        .addColumn('unread', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('deleted_at', ms)
        // The contact's star (setting 3) on rooms, kept here so one index gives the group list's order.
        .addColumn('starred', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      const listed = (name: string, columns: string[]) =>
        db.schema.createIndex(name).on('conversations').columns(columns).where(sql.ref('deleted_at'), 'is', null).execute();
      await listed('conversations_recent', ['account_id', 'is_room', 'starred', 'last_time', 'contact_id']);
      await listed('conversations_recent_all', ['is_room', 'starred', 'last_time', 'contact_id']);
      await db.schema.createIndex('conversations_deleted').on('conversations').columns(['deleted_at']).execute();

      await id(db.schema.createTable('keywords'))
        .addColumn('operator_id', 'integer', (c) => c.notNull().references('operators.id').onDelete('cascade'))
        .addColumn('keyword', 'text', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .addUniqueConstraint('keywords_operator_keyword', ['operator_id', 'keyword'])
        .execute();

      await id(db.schema.createTable('keyword_hits'))
        .addColumn('keyword_id', 'integer', (c) => c.notNull().references('keywords.id').onDelete('cascade'))
        .addColumn('keyword', 'text', (c) => c.notNull())
        .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('contact_id', 'integer', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
        .addColumn('message_id', dialect === 'postgres' ? 'bigint' : 'integer', (c) =>
          c.notNull().references('messages.id').onDelete('cascade'),
        )
        .addColumn('sender_user_name', 'text', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .addUniqueConstraint('keyword_hits_once', ['keyword_id', 'message_id'])
        .execute();
      await db.schema.createIndex('keyword_hits_recent').on('keyword_hits').columns(['account_id', 'created_at']).execute();

      await id(db.schema.createTable('friend_requests'))
        .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('user_name', 'text', (c) => c.notNull())
        .addColumn('room_user_name', 'text')
        .addColumn('verify', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('status', 'integer', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('friend_requests_account_user').on('friend_requests').columns(['account_id', 'user_name']).execute();

      await id(db.schema.createTable('jobs'))
        .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('error', 'text')
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .execute();
      // At most one running job of a kind per account, whichever process asks.
      await db.schema
        .createIndex('jobs_one_running')
        .unique()
        .on('jobs')
        .columns(['account_id', 'kind'])
        .where(sql.ref('status'), '=', 'running')
        .execute();
    },
    async down(db: Kysely<unknown>) {
      for (const t of [
        'jobs',
        'friend_requests',
        'keyword_hits',
        'keywords',
        'conversations',
        'messages',
        'room_members',
        'contacts',
        'operator_accounts',
        'accounts',
        'sessions',
        'operators',
      ])
        await db.schema.dropTable(t).ifExists().execute();
    },
  };
}
