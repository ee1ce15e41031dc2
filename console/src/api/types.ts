/**
 * The API and event types the console shares with the server (type-only: nothing of the
 * server is bundled).
 */
export type {
  AccountView,
  ContactView,
  ConversationView,
  FriendRequestView,
  HelloFrame,
  JobView,
  KeywordHitView,
  KeywordView,
  MessageView,
  OperatorView,
  Role,
  RoomMemberView,
  ServerEvent,
  ServerEventMap,
  ServerEventType,
} from '../../../src/api/index.js';

import type { AccountSummary, OperatorSummary, RoomMember as SharedRoomMember } from '../../../src/api/index.js';

export type { LoginAnswer, MemberDetail, Problem, SearchResult, SearchType, SyncAnswer } from '../../../src/api/index.js';

/** GET /accounts: each account with the unread total of its conversations. */
export type DeskAccount = AccountSummary;

/** GET /rooms/:id/members: a member and whether the account already has them as a friend. */
export type RoomMember = SharedRoomMember;

export type { OperatorSummary };

/** 0 default, 1 mute, 2 block, 3 star. */
export type ContactSetting = 0 | 1 | 2 | 3;
