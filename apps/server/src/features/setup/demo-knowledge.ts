import type { z } from 'zod';
import { CreateFaqBody, CreateIntentBody } from '@parley/contracts';
import { handoffPayload } from '@parley/assistant';
import { newWorkflowSecret } from '../assistant/assistant-settings-service.js';
import type { Transact } from '../data-store.js';
import { validateIntentRules } from '../intents/validate-intent-rules.js';

const talkToPerson = { label: 'Talk to a person', payload: handoffPayload };

/** The demo shop's (Lotus Tea House) FAQs, in English and in Vietnamese: the knowledge stage answers from them. */
export const DEMO_FAQS: z.input<typeof CreateFaqBody>[] = [
  {
    questions: ['How much is shipping?', 'What is the shipping fee?', 'What does delivery cost?', 'How long does delivery take?', 'Do you ship to Hanoi?'],
    answer:
      'Shipping is 30,000₫ anywhere in Vietnam, and free on orders from 500,000₫. Orders leave within one working day and arrive in 1–2 days in Hanoi and Ho Chi Minh City, 2–4 days elsewhere.',
    locale: 'en',
    quickReplies: [{ label: 'Track my order' }],
  },
  {
    questions: ['Phí vận chuyển là bao nhiêu?', 'Giao hàng mất bao lâu?', 'Shop có giao hàng toàn quốc không?'],
    answer: 'Phí vận chuyển là 30.000₫ toàn quốc, miễn phí cho đơn từ 500.000₫. Hà Nội và TP.HCM nhận hàng sau 1–2 ngày, các tỉnh khác 2–4 ngày.',
    locale: 'vi',
    quickReplies: [{ label: 'Gặp nhân viên', payload: handoffPayload }],
  },
  {
    questions: ['Can I return tea?', 'What is your return policy?', 'Can I get my money back?'],
    answer: 'Unopened tea can be returned within 14 days for a full refund. Opened tea we exchange once if it is not to your taste. Write to us with your order number and we will send a return label.',
    locale: 'en',
    quickReplies: [talkToPerson],
  },
  {
    questions: ['How do I brew lotus tea?', 'What water temperature for green tea?', 'How do I make Shan Tuyet tea?'],
    answer:
      'Green and lotus-scented teas: 3 g per 150 ml, water at 80 °C, 1–2 minutes; rinse the leaves once first. Oolong: 5 g per 150 ml at 90 °C, 45 seconds, up to six infusions.',
    locale: 'en',
  },
  {
    questions: ['How can I pay?', 'Do you accept cards?', 'Can I pay cash on delivery?'],
    answer: 'You can pay by card (Visa, Mastercard, JCB), by bank transfer or MoMo, or in cash on delivery for orders under 2,000,000₫.',
    locale: 'en',
  },
];

/** One intent with a rule, so the intent stage (and its classifier) has something to show. */
export const DEMO_INTENTS: z.input<typeof CreateIntentBody>[] = [
  {
    name: 'order_status',
    examples: ['where is my order', 'track my order', 'has my order shipped', 'my package has not arrived', 'đơn hàng của tôi đâu', 'kiểm tra đơn hàng'],
    rules: [{ kind: 'keyword', pattern: 'tracking number' }],
    responses: [
      {
        text: 'Your confirmation email has a tracking link. If it does not show your parcel, send us your order number (it starts with LT-) and a person will look it up.',
        quickReplies: [talkToPerson],
      },
    ],
  },
];

/**
 * Gives the demo bot knowledge to answer from (FAQs, one intent), in one transaction. The intent bumps
 * the bot's intents version, so the trainer's start-up pass trains its classifier.
 */
export async function seedDemoKnowledge(transact: Transact, orgId: string, botId: string, at: Date): Promise<void> {
  const faqs = DEMO_FAQS.map((f) => CreateFaqBody.parse(f));
  const intents = DEMO_INTENTS.map((i) => CreateIntentBody.parse(i));
  for (const intent of intents) validateIntentRules(intent.name, intent.handoff, intent.rules);
  await transact(async (tx) => {
    for (const faq of faqs) await tx.faqs.create(orgId, botId, faq, at);
    await tx.assistantSettings.insertDefault(orgId, botId, newWorkflowSecret());
    for (const intent of intents) {
      if ((await tx.intents.create(orgId, botId, intent, at)) === 'taken') throw new Error(`demo intent ${intent.name} exists already`);
    }
    await tx.assistantSettings.bumpIntentsVersion(orgId, botId);
  });
}
