import type { WorkflowPayload } from '@parley/contracts';
import type { WorkflowPort } from '../assistant/workflow-port.js';
import type { Stores } from '../data-store.js';
import type { WebhookOutbox } from './webhook-outbox.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Forwards visitor messages of workflow-mode bots to their workflow (the pipeline assistant calls it; tests too). */
    workflow: WorkflowPort;
  }
}

export interface WorkflowForwarderDeps {
  stores: Pick<Stores, 'bots' | 'visitors' | 'conversations'>;
  outbox: Pick<WebhookOutbox, 'enqueueWorkflow'>;
}

/**
 * A bot in workflow mode: each visitor message becomes a WorkflowPayload in the outbox, sent to
 * the bot's workflow URL signed with its workflow secret (see webhook-signature.ts). The workflow
 * answers with `POST /api/v1/conversations/:id/messages` `{ body, as: 'bot', clientId }` and an API key.
 */
export function createWorkflowForwarder({ stores, outbox }: WorkflowForwarderDeps): WorkflowPort {
  return {
    async forward(input, workflowUrl) {
      const [bot, visitor, conversation] = await Promise.all([
        stores.bots.find(input.orgId, input.botId),
        stores.visitors.findInOrg(input.orgId, input.visitorId),
        stores.conversations.find(input.orgId, input.conversationId),
      ]);
      // Deleted meanwhile: nothing left to forward.
      if (!bot || !visitor || !conversation) return;
      await outbox.enqueueWorkflow(input.orgId, bot.id, conversation.id, input.messageId, workflowUrl, (deliveryId): WorkflowPayload => ({
        event: 'message.created',
        deliveryId,
        text: input.text,
        messageId: input.messageId,
        seq: input.seq,
        conversation: { id: conversation.id, status: conversation.status },
        bot: { id: bot.id, name: bot.name },
        visitor: {
          id: visitor.id,
          name: visitor.name,
          email: visitor.email,
          userId: visitor.externalUserId,
          verified: visitor.verified,
        },
        premium: bot.premium,
        human_mode: input.humanMode,
        country: visitor.country,
        city: visitor.city,
        locale: input.locale,
        at: input.at.toISOString(),
      }));
    },
  };
}
