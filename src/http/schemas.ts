import { Type } from '@sinclair/typebox';

/** Small schemas shared by /api/v1 routes. */
/** Row ids are 32-bit (serial): a larger one names nothing, and PostgreSQL refuses to compare it. */
export const RowId = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
export const ContactIdParams = Type.Object({ contactId: RowId });
export const UinParams = Type.Object({ uin: Type.String({ minLength: 1, maxLength: 64, pattern: '^[0-9A-Za-z_@.-]+$' }) });
export const IdParams = Type.Object({ id: RowId });
export const WxIdString = Type.String({ minLength: 1, maxLength: 128, pattern: '^[^\\s,]+$' });
export const Page = {
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
};
export const Accepted = Type.Object({ accepted: Type.Literal(true) });
export const accepted = { accepted: true as const };
