import { Type } from '@sinclair/typebox';

/** The answer of /api/v1 calls that hand work to the gateway and return at once (202). */
export const Accepted = Type.Object({ accepted: Type.Literal(true) });
export const accepted = { accepted: true as const };
