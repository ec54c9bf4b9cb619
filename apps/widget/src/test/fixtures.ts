import { completeWidgetConfig, type Message, type WidgetResolve } from '@parley/contracts';

export const resolve = (overrides: Partial<WidgetResolve> = {}): WidgetResolve => ({
  visitorToken: 'vt.signed',
  visitorId: '11111111-1111-4111-8111-111111111111',
  frameUrl: 'https://parley.example/widget/v1/frame/22222222-2222-4222-8222-222222222222',
  bot: { id: '22222222-2222-4222-8222-222222222222', name: 'Shop helper', locale: 'en', premium: false, requireIdentity: false },
  theme: { color: '#0055ff', position: 'right', launcherText: 'Chat with us', ink: '#ffffff' },
  greeting: 'Hello! Ask me anything.',
  release: null,
  config: completeWidgetConfig({ theme: { color: '#0055ff', position: 'right', launcherText: 'Chat with us' }, greeting: 'Hello! Ask me anything.' }),
  runtimeUrl: '',
  unread: 0,
  ...overrides,
});

export const initMessage = (overrides: Partial<WidgetResolve> = {}, open = false) => ({
  parley: 1,
  type: 'init',
  payload: { resolve: resolve(overrides), pageUrl: 'https://shop.example/product/1', open },
});

export const message = (seq: number, extra: Partial<Message> = {}): Message => ({
  id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
  conversationId: 'c0000000-0000-4000-8000-000000000001',
  seq,
  clientId: null,
  author: 'bot',
  authorName: null,
  body: `message ${seq}`,
  internal: false,
  createdAt: '2025-01-01T00:00:00.000Z',
  ...extra,
});
