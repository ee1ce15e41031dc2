import { Type } from '@sinclair/typebox';

/** Parameter schemas shared by the documented calls; limits keep oversized input out. */
export const Uin = Type.String({ minLength: 1, maxLength: 64, pattern: '^[0-9A-Za-z_@.-]+$' });
export const WxId = Type.String({ minLength: 1, maxLength: 128, pattern: '^[^\\s,]+$' });
export const RoomId = Type.String({ minLength: 1, maxLength: 128, pattern: '^[0-9A-Za-z_-]+@chatroom$' });
/** Row ids are 32-bit (serial): a larger one names nothing, and PostgreSQL refuses to compare it. */
export const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
export const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
export const OptionalText = (max: number) => Type.Optional(Type.String({ maxLength: max }));
