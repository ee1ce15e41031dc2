import { Type } from '@sinclair/typebox';

/**
 * Parameter schemas both APIs share (/api/v1 routes and the /wechat_api contract), so an id,
 * a uin or a wxid is held to one limit and pattern wherever it arrives: limits keep
 * oversized input out before any service sees it.
 */

/** Row ids are 32-bit (serial): a larger one names nothing, and PostgreSQL refuses to compare it. */
export const RowId = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
export const Uin = Type.String({ minLength: 1, maxLength: 64, pattern: '^[0-9A-Za-z_@.-]+$' });
export const WxId = Type.String({ minLength: 1, maxLength: 128, pattern: '^[^\\s,]+$' });
export const RoomId = Type.String({ minLength: 1, maxLength: 128, pattern: '^[0-9A-Za-z_-]+@chatroom$' });

/** One page of a list: pages from 1, at most 100 items each. */
export const Page = {
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
};

export const ContactIdParams = Type.Object({ contactId: RowId });
export const UinParams = Type.Object({ uin: Uin });
export const IdParams = Type.Object({ id: RowId });
/** A member of the room behind a contact id. */
export const RoomMemberParams = Type.Object({ contactId: RowId, userName: WxId });

/** Free text: required (at least one character) or optional, never longer than max. */
export const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
export const OptionalText = (max: number) => Type.Optional(Type.String({ maxLength: max }));
