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
