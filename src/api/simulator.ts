import { Type, type Static } from '@sinclair/typebox';

/** POST /simulator/inbound: the message the simulated world wrote, as the gateway reports it. */
export const SimulatedMessageSchema = Type.Object(
  {
    msgId: Type.String(),
    createTime: Type.Number(),
    fromUserName: Type.String(),
    toUserName: Type.String(),
    senderUserName: Type.String(),
    msgType: Type.Number(),
    content: Type.String(),
    fileName: Type.Optional(Type.String()),
    fileSize: Type.Optional(Type.Number()),
    url: Type.Optional(Type.String()),
    tokenId: Type.Optional(Type.String()),
  },
  { title: 'SimulatedMessage' },
);
export type SimulatedMessage = Static<typeof SimulatedMessageSchema>;
