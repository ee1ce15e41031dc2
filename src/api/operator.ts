import { Type, type Static } from '@sinclair/typebox';

export const OperatorViewSchema = Type.Object(
  {
    id: Type.Integer(),
    username: Type.String(),
    role: Type.Union([Type.Literal('admin'), Type.Literal('agent')]),
  },
  { title: 'OperatorView' },
);
export type OperatorView = Static<typeof OperatorViewSchema>;

/** GET /operators: an operator with the accounts assigned to it, and whether it is disabled. */
export const OperatorSummarySchema = Type.Composite(
  [OperatorViewSchema, Type.Object({ disabled: Type.Boolean(), uins: Type.Array(Type.String()) })],
  { title: 'OperatorSummary' },
);
export type OperatorSummary = Static<typeof OperatorSummarySchema>;

/** PUT /operators/:id/accounts: the accounts now assigned. */
export const OperatorAccountsSchema = Type.Object({ id: Type.Integer(), uins: Type.Array(Type.String()) }, { title: 'OperatorAccounts' });
export type OperatorAccounts = Static<typeof OperatorAccountsSchema>;

/** POST /auth/login: the session token (also set as a cookie) and who it is for. */
export const LoginAnswerSchema = Type.Object({ token: Type.String(), operator: OperatorViewSchema }, { title: 'LoginAnswer' });
export type LoginAnswer = Static<typeof LoginAnswerSchema>;
