import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { AppError, invalidParam } from '../../core/errors.js';
import { callerOf } from '../../http/auth-hook.js';
import { ContactIdParams, Page } from '../../http/params.js';
import { MessageViewSchema } from '../../api/message.js';
import { HISTORY_PAGE_MAX, TEXT_MAX, type ImageForm, type MessagesService } from '../messages/messages.service.js';
import { IMAGE_MAX_BYTES } from '../media/media.service.js';
import type { ConversationsService } from './conversations.service.js';
import { ConversationViewSchema } from '../../api/conversation.js';

const TOKEN_ID_MAX = 128;
const TokenId = Type.String({ minLength: 1, maxLength: TOKEN_ID_MAX });

export interface ConversationRoutesDeps {
  conversations: ConversationsService;
  messages: MessagesService;
}

/** The inbox: recent conversations, their history, replies. */
export const conversationRoutes: FastifyPluginAsyncTypebox<ConversationRoutesDeps> = async (app, s) => {
  app.get(
    '/conversations',
    {
      schema: {
        tags: ['conversations'],
        description: 'Recent conversations of the accounts the caller may see, newest first (groups: starred first).',
        querystring: Type.Object({
          type: Type.Union([Type.Literal('single'), Type.Literal('group')], { default: 'single' }),
          uin: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          q: Type.Optional(Type.String({ maxLength: 64, description: 'name, remark, full pinyin or initials' })),
          ...Page,
        }),
        response: { 200: Type.Array(ConversationViewSchema) },
      },
    },
    async (req) => {
      const q = req.query;
      return s.conversations.recent(callerOf(req), {
        isRoom: q.type === 'group',
        page: q.page,
        pageSize: q.pageSize,
        ...(q.uin ? { uin: q.uin } : {}),
        ...(q.q ? { search: q.q } : {}),
      });
    },
  );

  app.post(
    '/conversations/:contactId/read',
    { schema: { tags: ['conversations'], params: ContactIdParams, response: { 204: Type.Null() } } },
    async (req, reply) => {
      await s.conversations.markRead(callerOf(req), req.params.contactId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/conversations/:contactId/messages',
    {
      schema: {
        tags: ['messages'],
        description: 'History newest first; `before` is the id of the oldest message already shown.',
        params: ContactIdParams,
        querystring: Type.Object({
          before: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
          limit: Type.Integer({ minimum: 1, maximum: HISTORY_PAGE_MAX, default: 50 }),
        }),
        response: { 200: Type.Array(MessageViewSchema) },
      },
    },
    async (req) =>
      s.messages.history(callerOf(req), req.params.contactId, {
        limit: req.query.limit,
        ...(req.query.before ? { before: req.query.before } : {}),
      }),
  );

  app.post(
    '/conversations/:contactId/messages',
    {
      schema: {
        tags: ['messages'],
        description: 'Sends text; answers the message as pending (sendStatus 0). The same tokenId again answers the same message.',
        params: ContactIdParams,
        body: Type.Object({ text: Type.String({ minLength: 1, maxLength: TEXT_MAX }), tokenId: Type.Optional(TokenId) }),
        response: { 202: MessageViewSchema },
      },
    },
    async (req, reply) =>
      reply.status(202).send(
        await s.messages.sendText(callerOf(req), {
          contactId: req.params.contactId,
          text: req.body.text,
          ...(req.body.tokenId ? { tokenId: req.body.tokenId } : {}),
        }),
      ),
  );

  app.post(
    '/conversations/:contactId/images',
    {
      schema: {
        tags: ['messages'],
        description: 'multipart/form-data: `file` (PNG, JPEG, GIF or WebP) and optional `tokenId`.',
        params: ContactIdParams,
        consumes: ['multipart/form-data'],
        response: { 202: MessageViewSchema },
      },
    },
    async (req, reply) => {
      if (!req.isMultipart()) throw invalidParam('file', '需要 multipart/form-data 上传');
      // The form is read only when the service asks, once the caller's access is known.
      return reply.status(202).send(await s.messages.sendImageUpload(callerOf(req), req.params.contactId, () => readImageForm(req)));
    },
  );
};

/** Text fields an upload form may carry besides the file (`tokenId`, and a few a client adds). */
const FORM_FIELDS_MAX = 4;

/** The upload form's `file` and `tokenId`; anything else in it is skipped. */
async function readImageForm(req: FastifyRequest): Promise<ImageForm> {
  const form: ImageForm = {};
  let fields = 0;
  try {
    // The parser may see one field more than allowed, so the count below is what refuses it, with its reason.
    for await (const part of req.parts({ limits: { fileSize: IMAGE_MAX_BYTES, files: 1, fields: FORM_FIELDS_MAX + 1 } })) {
      if (part.type === 'field' && ++fields > FORM_FIELDS_MAX)
        throw new AppError('param.invalid', `上传表单的字段过多: 除文件外最多 ${FORM_FIELDS_MAX} 个`);
      if (part.type === 'file' && part.fieldname === 'file') form.file = { data: await part.toBuffer(), name: part.filename };
      else if (part.type === 'field' && part.fieldname === 'tokenId' && typeof part.value === 'string') {
        // Held to the limits of the JSON route's tokenId (and PostgreSQL cannot store a NUL).
        if (part.value.includes('\u0000')) throw invalidParam('tokenId', '不能包含空字符');
        if (part.value.length > TOKEN_ID_MAX) throw invalidParam('tokenId', `长度不能超过 ${TOKEN_ID_MAX}`);
        form.tokenId = part.value;
      }
    }
  } catch (err) {
    throw uploadError(err);
  }
  return form;
}

/** What is wrong with an upload form, in words an operator can act on; never the parser's own text. */
function uploadError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const { code, message } = err as { code?: unknown; message?: unknown };
  switch (code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return invalidParam('file', `不能超过 ${IMAGE_MAX_BYTES / 1024 / 1024} MB`);
    case 'FST_FILES_LIMIT':
      return invalidParam('file', '只能上传一个文件');
    case 'FST_FIELDS_LIMIT':
    case 'FST_PARTS_LIMIT':
      return new AppError('param.invalid', `上传表单的字段过多: 除文件外最多 ${FORM_FIELDS_MAX} 个`);
    case 'FST_PROTO_VIOLATION':
      return new AppError('param.invalid', '上传表单的字段名无效');
    default:
      // busboy's own errors carry no code: a missing boundary, or a form cut off or malformed.
      if (typeof message === 'string' && /boundary/i.test(message))
        return new AppError('param.invalid', '上传表单格式错误: Content-Type 缺少 boundary');
      return new AppError('param.invalid', '上传表单不完整或格式错误');
  }
}
