import {
  AssistantSettings,
  AssistantTestResult,
  Faq,
  Intent,
  IntentModelStatus,
  KnowledgeDocument,
  KnowledgeDocumentDetail,
  WorkflowSecret,
} from '@parley/contracts';
import type {
  AssistantTestBody,
  CreateDocumentBody,
  CreateFaqBody,
  CreateIntentBody,
  Locale,
  UpdateAssistantSettingsBody,
  UpdateFaqBody,
  UpdateIntentBody,
} from '@parley/contracts';
import type { RequestContext } from './request';
import { requestEmpty, requestJson } from './request';

const seg = encodeURIComponent;

/** A document file read in the browser, POSTed as its raw text. */
export interface DocumentUpload {
  title: string;
  locale: Locale;
  contentType: 'text/plain' | 'text/markdown' | 'text/html';
  content: string;
}

/**
 * The hybrid assistant of one bot (see packages/contracts/src/assistant.ts): settings, the test
 * console, intents, FAQs and documents.
 */
export function createAssistantApi(org: RequestContext) {
  const bot = (botId: string) => `/api/v1/bots/${seg(botId)}`;
  return {
    getAssistantSettings: (botId: string, signal?: AbortSignal) =>
      requestJson(AssistantSettings, { ...org, path: `${bot(botId)}/assistant`, signal }),
    updateAssistantSettings: (botId: string, body: UpdateAssistantSettingsBody) =>
      requestJson(AssistantSettings, { ...org, method: 'PATCH', path: `${bot(botId)}/assistant`, body }),
    getWorkflowSecret: (botId: string) =>
      requestJson(WorkflowSecret, { ...org, path: `${bot(botId)}/assistant/workflow-secret` }),
    rotateWorkflowSecret: (botId: string) =>
      requestJson(WorkflowSecret, { ...org, method: 'POST', path: `${bot(botId)}/assistant/workflow-secret/rotate` }),
    testAssistant: (botId: string, body: AssistantTestBody) =>
      requestJson(AssistantTestResult, { ...org, method: 'POST', path: `${bot(botId)}/assistant/test`, body }),

    listIntents: (botId: string, signal?: AbortSignal) =>
      requestJson(Intent.array(), { ...org, path: `${bot(botId)}/intents`, signal }),
    createIntent: (botId: string, body: CreateIntentBody) =>
      requestJson(Intent, { ...org, method: 'POST', path: `${bot(botId)}/intents`, body }),
    updateIntent: (botId: string, id: string, body: UpdateIntentBody) =>
      requestJson(Intent, { ...org, method: 'PATCH', path: `${bot(botId)}/intents/${seg(id)}`, body }),
    deleteIntent: (botId: string, id: string) =>
      requestEmpty({ ...org, method: 'DELETE', path: `${bot(botId)}/intents/${seg(id)}` }),
    intentModelStatus: (botId: string, signal?: AbortSignal) =>
      requestJson(IntentModelStatus, { ...org, path: `${bot(botId)}/intents-model`, signal }),

    listFaqs: (botId: string, signal?: AbortSignal) =>
      requestJson(Faq.array(), { ...org, path: `${bot(botId)}/faqs`, signal }),
    createFaq: (botId: string, body: CreateFaqBody) =>
      requestJson(Faq, { ...org, method: 'POST', path: `${bot(botId)}/faqs`, body }),
    updateFaq: (botId: string, id: string, body: UpdateFaqBody) =>
      requestJson(Faq, { ...org, method: 'PATCH', path: `${bot(botId)}/faqs/${seg(id)}`, body }),
    deleteFaq: (botId: string, id: string) =>
      requestEmpty({ ...org, method: 'DELETE', path: `${bot(botId)}/faqs/${seg(id)}` }),

    listDocuments: (botId: string, signal?: AbortSignal) =>
      requestJson(KnowledgeDocument.array(), { ...org, path: `${bot(botId)}/documents`, signal }),
    getDocument: (botId: string, id: string, signal?: AbortSignal) =>
      requestJson(KnowledgeDocumentDetail, { ...org, path: `${bot(botId)}/documents/${seg(id)}`, signal }),
    /** Pasted text, as JSON. */
    createDocument: (botId: string, body: CreateDocumentBody) =>
      requestJson(KnowledgeDocument, { ...org, method: 'POST', path: `${bot(botId)}/documents`, body }),
    /** A file's text as the raw request body; title and locale in the query. */
    uploadDocument: (botId: string, upload: DocumentUpload) => {
      const query = new URLSearchParams({ title: upload.title, locale: upload.locale });
      return requestJson(KnowledgeDocument, {
        ...org,
        method: 'POST',
        path: `${bot(botId)}/documents?${query.toString()}`,
        text: { contentType: upload.contentType, content: upload.content },
      });
    },
    deleteDocument: (botId: string, id: string) =>
      requestEmpty({ ...org, method: 'DELETE', path: `${bot(botId)}/documents/${seg(id)}` }),
  };
}
