import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Clock } from '../core/time.js';
import type { Bus } from '../ports/bus.js';
import { AccountLoginService } from './accounts/account-login.service.js';
import { AccountsService } from './accounts/accounts.service.js';
import { AuthService } from './auth/auth.service.js';
import { CommandClient } from './commands/command-client.js';
import { Notifier } from './commands/notifier.js';
import { ContactsService } from './contacts/contacts.service.js';
import { ConversationsService } from './conversations/conversations.service.js';
import { FriendsService } from './friends/friends.service.js';
import { JobsService } from './jobs/jobs.service.js';
import { KeywordsService } from './keywords/keywords.service.js';
import { MediaService } from './media/media.service.js';
import { MessagesService } from './messages/messages.service.js';
import { RoomsService } from './rooms/rooms.service.js';

export interface ServiceDeps {
  db: Kysely<Database>;
  bus: Bus;
  clock: Clock;
  sessionDays: number;
  tzDisplay: string;
  /** Where files sent from the desk are kept. */
  mediaDir: string;
  commandTimeoutMs?: number;
}

/** The one service layer under both /wechat_api and /api/v1; each service gets only what it uses. */
export function buildServices(deps: ServiceDeps) {
  const { db, bus, clock } = deps;
  const notifier = new Notifier(bus);
  const commands = new CommandClient(bus, deps.commandTimeoutMs);
  const accounts = new AccountsService(db);
  const contacts = new ContactsService(db, accounts, notifier, clock);
  const rooms = new RoomsService(db, accounts, contacts, commands, clock);
  const media = new MediaService(deps.mediaDir);
  return {
    tzDisplay: deps.tzDisplay,
    notifier,
    commands,
    accounts,
    logins: new AccountLoginService(accounts, commands),
    contacts,
    auth: new AuthService({
      db,
      clock,
      sessionDays: deps.sessionDays,
      accounts,
      notifier,
      // Keyword scopes and event filters both follow assignments.
      onAssignmentsChanged: (operatorId) =>
        notifier.notifyAll([
          { type: 'keywords.changed', data: {} },
          { type: 'access.changed', data: { operatorId } },
        ]),
    }),
    conversations: new ConversationsService(db, accounts, contacts, notifier, clock),
    rooms,
    friends: new FriendsService(db, accounts, contacts, rooms, commands, clock),
    jobs: new JobsService(db, accounts, commands, clock),
    keywords: new KeywordsService(db, accounts, notifier, clock),
    messages: new MessagesService(db, contacts, commands, notifier, clock, media),
    media,
  };
}

export type Services = ReturnType<typeof buildServices>;
