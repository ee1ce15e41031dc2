import { Type } from '@sinclair/typebox';

/** What login takes and an operator is created with. */
export const Username = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.@-]+$' });
export const Password = Type.String({ minLength: 1, maxLength: 256 });
