import { Message } from '@parley/contracts';
import { z } from 'zod';

/** The answer to an agent's reply, over REST (`POST /conversations/:id/messages`) and in the socket ack. */
export const ReplyResult = z.object({ message: Message, duplicate: z.boolean() });
export type ReplyResult = z.infer<typeof ReplyResult>;
