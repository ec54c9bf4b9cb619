import type { Database } from '@parley/db';
import { createAnalyticsStore } from './analytics/analytics-store.js';
import { createExperimentStore } from './experiments/experiment-store.js';
import { createApiKeyStore } from './api-keys/api-key-store.js';
import { createSessionStore } from './auth/session-store.js';
import { createUserStore } from './auth/user-store.js';
import { createBotStore } from './bots/bot-store.js';
import { createConversationStore } from './conversations/conversation-store.js';
import { createFollowUpStore } from './conversations/follow-up-store.js';
import { createInvitationStore } from './invitations/invitation-store.js';
import { createLlmUsageStore } from './llm/llm-usage-store.js';
import { createDocumentStore } from './knowledge/document-store.js';
import { createFaqStore } from './knowledge/faq-store.js';
import { createOrgStore } from './orgs/org-store.js';
import { createDeploymentStore } from './releases/deployment-store.js';
import { createReleaseStore } from './releases/release-store.js';
import { createJobLeaseStore } from './rollouts/job-lease-store.js';
import { createRolloutStore } from './rollouts/rollout-store.js';
import { createVisitorStore } from './visitors/visitor-store.js';
import { createWebhookDeliveryStore } from './webhooks/webhook-delivery-store.js';
import { createWebhookEndpointStore } from './webhooks/webhook-endpoint-store.js';
import { createAssistantSettingsStore } from './assistant/assistant-settings-store.js';
import { createIntentModelStore } from './intents/intent-model-store.js';
import { createIntentStore } from './intents/intent-store.js';

/** Every store, bound to one database handle (the pool, or a transaction). */
export function createStores(db: Database) {
  return {
    users: createUserStore(db),
    sessions: createSessionStore(db),
    orgs: createOrgStore(db),
    apiKeys: createApiKeyStore(db),
    invitations: createInvitationStore(db),
    bots: createBotStore(db),
    visitors: createVisitorStore(db),
    conversations: createConversationStore(db),
    followUps: createFollowUpStore(db),
    analytics: createAnalyticsStore(db),
    rollouts: createRolloutStore(db),
    experiments: createExperimentStore(db),
    jobLeases: createJobLeaseStore(db),
    releases: createReleaseStore(db),
    deployments: createDeploymentStore(db),
    llmUsage: createLlmUsageStore(db),
    faqs: createFaqStore(db),
    documents: createDocumentStore(db),
    webhookEndpoints: createWebhookEndpointStore(db),
    webhookDeliveries: createWebhookDeliveryStore(db),
    assistantSettings: createAssistantSettingsStore(db),
    intents: createIntentStore(db),
    intentModels: createIntentModelStore(db),
  };
}
export type Stores = ReturnType<typeof createStores>;

/**
 * Runs `fn` in one transaction with stores bound to it. Inside, only these stores exist,
 * so no query can slip outside the transaction (which on PGlite's single connection
 * would wait forever, and on PostgreSQL would read around it).
 */
export type Transact = <T>(fn: (stores: Stores) => Promise<T>) => Promise<T>;

export function createTransact(db: Database): Transact {
  return (fn) => db.transaction((tx) => fn(createStores(tx)));
}
