import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AssistantSettings, AssistantTestBody, AssistantTestResult, Id, UpdateAssistantSettingsBody, WorkflowSecret } from '@parley/contracts';
import { z } from 'zod';
import { orgOf } from '../../plugins/auth.js';
import type { AssistantSettingsService } from './assistant-settings-service.js';
import type { PipelineAssistant } from './pipeline-assistant.js';

export const BotParams = z.strictObject({ botId: Id });

export const assistantRoutes: FastifyPluginAsyncZod<{ settings: AssistantSettingsService; assistant: Pick<PipelineAssistant, 'test'> }> = async (
  app,
  { settings, assistant },
) => {
  app.get('/bots/:botId/assistant', {
    config: { access: { role: 'viewer' } },
    schema: { tags: ['assistant'], summary: "The bot's assistant settings (the LLM key is never returned)", params: BotParams, response: { 200: AssistantSettings } },
    handler: async (request) => settings.get(orgOf(request), request.params.botId),
  });

  app.patch('/bots/:botId/assistant', {
    config: { access: { role: 'admin' } },
    schema: {
      tags: ['assistant'],
      summary: 'Change how the bot answers: mode, thresholds, LLM, workflow URL, wording',
      params: BotParams,
      body: UpdateAssistantSettingsBody,
      response: { 200: AssistantSettings },
    },
    handler: async (request) => settings.update(orgOf(request), request.params.botId, request.body),
  });

  app.get('/bots/:botId/assistant/workflow-secret', {
    config: { access: { role: 'admin' } },
    schema: { tags: ['assistant'], summary: 'The secret workflow deliveries are signed with (HMAC-SHA256)', params: BotParams, response: { 200: WorkflowSecret } },
    handler: async (request) => settings.workflowSecret(orgOf(request), request.params.botId),
  });

  app.post('/bots/:botId/assistant/workflow-secret/rotate', {
    config: { access: { role: 'admin' } },
    schema: { tags: ['assistant'], summary: 'Replace the workflow secret', params: BotParams, response: { 200: WorkflowSecret } },
    handler: async (request) => settings.rotateWorkflowSecret(orgOf(request), request.params.botId),
  });

  app.post('/bots/:botId/assistant/test', {
    config: { access: { role: 'agent' } },
    schema: {
      tags: ['assistant'],
      summary: 'Test console: run the pipeline on a question (nothing is stored) and see which stage answered, how sure, and how fast',
      params: BotParams,
      body: AssistantTestBody,
      response: { 200: AssistantTestResult },
    },
    handler: async (request) => assistant.test(orgOf(request).orgId, request.params.botId, request.body),
  });
};
