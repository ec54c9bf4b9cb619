import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Faq, KnowledgeDocument, KnowledgeDocumentDetail, MAX_DOCUMENT_BYTES, Problem } from '@parley/contracts';
import { createMemoryKnowledge, evaluateAnswers, parseQaCorpus } from '@parley/assistant';
import { evaluateQaCorpus, loadQaCorpus } from '../../cli/eval-answers.js';
import { createTestDatabase } from '../../test/test-database.js';
import { call, createMember, createOwner, createTestApp, type Actor, type TestApp } from '../../test/test-app.js';
import { createPgKnowledge } from './pg-knowledge.js';

function expectProblem(res: { statusCode: number; headers: Record<string, unknown>; body: string }, status: number, code: string): string {
  expect(res.statusCode, res.body).toBe(status);
  expect(String(res.headers['content-type'])).toContain('application/problem+json');
  const problem = Problem.parse(JSON.parse(res.body));
  expect(problem.code).toBe(code);
  return problem.detail ?? '';
}

describe('knowledge: FAQs and documents', () => {
  let t: TestApp;
  let owner: Actor;
  let other: Actor;
  let botId: string;
  let otherBotId: string;

  const upload = (actor: Actor, bot: string, contentType: string, payload: string | Buffer, query = 'title=Guide') =>
    t.app.inject({ method: 'POST', url: `/api/v1/bots/${bot}/documents?${query}`, payload, headers: { ...actor.headers, 'content-type': contentType } });

  beforeAll(async () => {
    t = await createTestApp();
    owner = await createOwner(t, 'know');
    other = await createOwner(t, 'know-other');
    botId = (await call(t.app, owner, 'POST', '/api/v1/bots', { name: 'Shop bot' })).json().id;
    otherBotId = (await call(t.app, other, 'POST', '/api/v1/bots', { name: 'Other bot' })).json().id;
  });
  afterAll(() => t.close());

  it('creates, lists, changes and deletes FAQs (admin writes, viewer reads)', async () => {
    const created = await call(t.app, owner, 'POST', `/api/v1/bots/${botId}/faqs`, {
      questions: ['How much does shipping cost?', 'Phí vận chuyển là bao nhiêu?'],
      answer: 'Standard delivery costs 30,000 VND.',
      quickReplies: [{ label: 'Track my order' }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const faq = Faq.parse(created.json());
    expect(faq).toMatchObject({ botId, locale: 'en', questions: ['How much does shipping cost?', 'Phí vận chuyển là bao nhiêu?'], quickReplies: [{ label: 'Track my order' }] });

    const viewer = await createMember(t, owner, 'viewer');
    const listed = await call(t.app, viewer, 'GET', `/api/v1/bots/${botId}/faqs`);
    expect(listed.statusCode).toBe(200);
    expect(listed.json().map((f: Faq) => f.id)).toEqual([faq.id]);
    expectProblem(await call(t.app, viewer, 'POST', `/api/v1/bots/${botId}/faqs`, { questions: ['x'], answer: 'y' }), 403, 'forbidden');

    const knowledge = createPgKnowledge(t.database.db);
    expect((await knowledge.search(botId, 'standard delivery', 3))[0]?.id).toBe(faq.id);
    expect((await knowledge.search(botId, 'shipping cost', 3))[0]?.answer).toBe('Standard delivery costs 30,000 VND.');
    const patched = await call(t.app, owner, 'PATCH', `/api/v1/bots/${botId}/faqs/${faq.id}`, { answer: 'Members get free delivery.', locale: 'vi' });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(Faq.parse(patched.json())).toMatchObject({ answer: 'Members get free delivery.', locale: 'vi', questions: faq.questions, quickReplies: faq.quickReplies });
    // The folded search text followed the change.
    expect(await knowledge.search(botId, 'standard', 3)).toEqual([]);
    expect((await knowledge.search(botId, 'free delivery for members', 3))[0]).toMatchObject({ id: faq.id, answer: 'Members get free delivery.', quickReplies: [{ label: 'Track my order' }] });
    // The same question as before the change gets the new answer (hit text is cached per row version).
    expect((await knowledge.search(botId, 'shipping cost', 3))[0]?.answer).toBe('Members get free delivery.');

    expectProblem(await call(t.app, owner, 'PATCH', `/api/v1/bots/${botId}/faqs/${faq.id}`, {}), 400, 'validation_failed');
    expectProblem(await call(t.app, owner, 'POST', `/api/v1/bots/${botId}/faqs`, { questions: [], answer: 'y' }), 400, 'validation_failed');
    const removed = await call(t.app, owner, 'DELETE', `/api/v1/bots/${botId}/faqs/${faq.id}`);
    expect(removed.statusCode).toBe(204);
    expectProblem(await call(t.app, owner, 'DELETE', `/api/v1/bots/${botId}/faqs/${faq.id}`), 404, 'not_found');
    expect((await call(t.app, owner, 'GET', `/api/v1/bots/${botId}/faqs`)).json()).toEqual([]);
  });

  it('uploads JSON and raw Markdown, HTML and plain text; HTML and scripts stay text', async () => {
    const json = await call(t.app, owner, 'POST', `/api/v1/bots/${botId}/documents`, {
      title: 'Returns',
      format: 'markdown',
      locale: 'en',
      sourceUrl: 'https://shop.example/returns',
      content: '# Returns\n\nYou can return any item within 30 days.\n\n## Refunds\n\nRefunds reach your card in 5 to 7 working days.',
    });
    expect(json.statusCode, json.body).toBe(201);
    const returns = KnowledgeDocument.parse(json.json());
    expect(returns).toMatchObject({ title: 'Returns', format: 'markdown', sourceUrl: 'https://shop.example/returns', chunkCount: 2 });

    const markdown = await upload(owner, botId, 'text/markdown; charset=utf-8', '# Bảo hành\n\nSản phẩm được bảo hành 12 tháng.\n', 'title=B%E1%BA%A3o%20h%C3%A0nh&locale=vi');
    expect(markdown.statusCode, markdown.body).toBe(201);
    expect(KnowledgeDocument.parse(markdown.json())).toMatchObject({ format: 'markdown', locale: 'vi', title: 'Bảo hành', chunkCount: 1 });

    const html = '<h1>Store hours</h1><p>We are open 9&nbsp;am to 6 pm.</p><script>alert("x")</script><p>Closed on <b>Sundays</b>.</p>';
    const htmlRes = await upload(owner, botId, 'text/html', html, 'title=%3Cb%3EHours%3C%2Fb%3E');
    expect(htmlRes.statusCode, htmlRes.body).toBe(201);
    const hours = KnowledgeDocument.parse(htmlRes.json());
    expect(hours.format).toBe('html');
    const detail = KnowledgeDocumentDetail.parse((await call(t.app, owner, 'GET', `/api/v1/bots/${botId}/documents/${hours.id}`)).json());
    expect(detail.content).toBe(html);
    expect(detail.title).toBe('<b>Hours</b>');
    expect(detail.chunks.map((c) => c.text).join(' ')).not.toContain('alert');
    expect(detail.chunks[0]).toMatchObject({ position: 0, heading: 'Store hours' });

    const text = await upload(owner, botId, 'text/plain', 'Gift wrapping costs 20,000 VND per item.\n\nAsk for it at checkout.');
    expect(text.statusCode, text.body).toBe(201);
    expect(KnowledgeDocument.parse(text.json())).toMatchObject({ format: 'text', title: 'Guide', chunkCount: 1, bytes: 65 });

    const list = (await call(t.app, owner, 'GET', `/api/v1/bots/${botId}/documents`)).json();
    expect(list).toHaveLength(4);
    expect(list[0]).not.toHaveProperty('content');

    // Chunks are searchable, with the document as the source.
    const knowledge = createPgKnowledge(t.database.db);
    const [refund] = await knowledge.search(botId, 'how long do refunds take', 3);
    expect(refund).toMatchObject({ kind: 'chunk', source: { title: 'Returns', url: 'https://shop.example/returns' } });
    expect(refund?.text).toContain('5 to 7 working days');
    const [warranty] = await knowledge.search(botId, 'bao hanh may thang', 3);
    expect(warranty?.text).toContain('12 tháng');

    const removed = await call(t.app, owner, 'DELETE', `/api/v1/bots/${botId}/documents/${returns.id}`);
    expect(removed.statusCode).toBe(204);
    expectProblem(await call(t.app, owner, 'GET', `/api/v1/bots/${botId}/documents/${returns.id}`), 404, 'not_found');
    expect((await knowledge.search(botId, 'how long do refunds take', 3)).map((h) => h.source?.title)).not.toContain('Returns');
  });

  it('refuses binary, oversize, mislabelled and incomplete uploads with clear problems', async () => {
    expect(expectProblem(await upload(owner, botId, 'text/plain', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08]), 'title=zip'), 415, 'unsupported_media_type')).toContain('NUL');
    expect(expectProblem(await upload(owner, botId, 'text/plain', Buffer.from([0x68, 0x69, 0xff, 0xfe, 0x80]), 'title=bad'), 415, 'unsupported_media_type')).toContain('UTF-8');
    expect(expectProblem(await upload(owner, botId, 'text/plain; charset=latin1', 'hello', 'title=latin'), 415, 'unsupported_media_type')).toContain('UTF-8');
    expectProblem(await upload(owner, botId, 'application/pdf', '%PDF-1.7', 'title=pdf'), 415, 'unsupported_media_type');
    expectProblem(await upload(owner, botId, 'image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47]), 'title=png'), 415, 'unsupported_media_type');
    // Raw text is only for the document upload.
    expectProblem(await t.app.inject({ method: 'POST', url: `/api/v1/bots/${botId}/faqs`, payload: 'hi', headers: { ...owner.headers, 'content-type': 'text/plain' } }), 415, 'unsupported_media_type');

    const big = await upload(owner, botId, 'text/markdown', 'a'.repeat(MAX_DOCUMENT_BYTES + 1));
    expect(expectProblem(big, 413, 'payload_too_large')).toContain('1,000,000 bytes');
    expect((await upload(owner, botId, 'text/plain', 'é'.repeat(MAX_DOCUMENT_BYTES / 2), 'title=exactly-the-limit')).statusCode).toBe(201);

    expect(expectProblem(await upload(owner, botId, 'text/plain', 'no title', ''), 400, 'validation_failed')).toContain('title');
    expectProblem(await upload(owner, botId, 'text/plain', '', 'title=empty'), 400, 'validation_failed');
    expectProblem(await upload(owner, botId, 'text/html', '<script>only()</script>', 'title=nothing'), 400, 'validation_failed');
    expectProblem(await upload(owner, botId, 'text/plain', 'x', 'title=t&sourceUrl=javascript%3Aalert(1)'), 400, 'validation_failed');
    expectProblem(await call(t.app, owner, 'POST', `/api/v1/bots/${botId}/documents`, 'just a JSON string'), 400, 'validation_failed');
    expectProblem(await call(t.app, owner, 'POST', `/api/v1/bots/${botId}/documents`, { title: 't', format: 'pdf', content: 'x' }), 400, 'validation_failed');
  });

  it("answers 404 for another organization's bot, FAQs and documents", async () => {
    const faq = Faq.parse((await call(t.app, other, 'POST', `/api/v1/bots/${otherBotId}/faqs`, { questions: ['Secret?'], answer: 'Secret answer' })).json());
    const doc = KnowledgeDocument.parse((await upload(other, otherBotId, 'text/plain', 'Secret document')).json());
    expectProblem(await call(t.app, owner, 'GET', `/api/v1/bots/${otherBotId}/faqs`), 404, 'not_found');
    expectProblem(await call(t.app, owner, 'POST', `/api/v1/bots/${otherBotId}/faqs`, { questions: ['x'], answer: 'y' }), 404, 'not_found');
    expectProblem(await call(t.app, owner, 'PATCH', `/api/v1/bots/${otherBotId}/faqs/${faq.id}`, { answer: 'mine now' }), 404, 'not_found');
    expectProblem(await call(t.app, owner, 'DELETE', `/api/v1/bots/${otherBotId}/faqs/${faq.id}`), 404, 'not_found');
    // Another org's FAQ under one's own bot is no better.
    expectProblem(await call(t.app, owner, 'PATCH', `/api/v1/bots/${botId}/faqs/${faq.id}`, { answer: 'mine now' }), 404, 'not_found');
    expectProblem(await call(t.app, owner, 'GET', `/api/v1/bots/${otherBotId}/documents`), 404, 'not_found');
    expectProblem(await call(t.app, owner, 'GET', `/api/v1/bots/${otherBotId}/documents/${doc.id}`), 404, 'not_found');
    expectProblem(await call(t.app, owner, 'GET', `/api/v1/bots/${botId}/documents/${doc.id}`), 404, 'not_found');
    expectProblem(await upload(owner, otherBotId, 'text/plain', 'injected'), 404, 'not_found');
    expectProblem(await call(t.app, owner, 'DELETE', `/api/v1/bots/${otherBotId}/documents/${doc.id}`), 404, 'not_found');
    const still = (await call(t.app, other, 'GET', `/api/v1/bots/${otherBotId}/faqs`)).json();
    expect(still).toEqual([expect.objectContaining({ answer: 'Secret answer' })]);
    // Search never crosses bots.
    expect((await createPgKnowledge(t.database.db).search(botId, 'secret', 5)).length).toBe(0);
  });
});

describe('knowledge search on PostgreSQL full text (createPgKnowledge)', () => {
  let t: TestApp;
  let owner: Actor;
  let botId: string;
  const faqIds: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    owner = await createOwner(t, 'search');
    botId = (await call(t.app, owner, 'POST', '/api/v1/bots', { name: 'Search bot' })).json().id;
    const faqs = {
      shipping: { questions: ['How much does shipping cost?', 'Phí vận chuyển là bao nhiêu?'], answer: 'Standard delivery costs 30,000 VND. / Phí giao hàng là 30.000đ.' },
      returns: { questions: ['Can I return an item?', 'Tôi có thể đổi trả hàng không?'], answer: 'Returns are accepted within 30 days.' },
      hours: { questions: ['When are you open?', 'Cửa hàng mở cửa lúc mấy giờ?'], answer: 'We are open 9 am to 6 pm, Monday to Saturday.' },
      payment: { questions: ['Which payment methods do you accept?', 'Thanh toán bằng cách nào?'], answer: 'Cards, bank transfer and cash on delivery.' },
    };
    for (const [key, body] of Object.entries(faqs)) {
      faqIds[key] = Faq.parse((await call(t.app, owner, 'POST', `/api/v1/bots/${botId}/faqs`, body)).json()).id;
    }
  });
  afterAll(() => t.close());

  it('ranks the right FAQ first with a score that separates good answers from weak matches', async () => {
    const knowledge = createPgKnowledge(t.database.db);
    const good = await knowledge.search(botId, 'how much is shipping?', 5);
    expect(good[0]).toMatchObject({ id: faqIds.shipping, kind: 'faq', answer: expect.stringContaining('30,000 VND'), source: { title: 'How much does shipping cost?' } });
    expect(good[0]?.score).toBeGreaterThan(0.35);
    for (let i = 1; i < good.length; i++) expect(good[i - 1]?.score ?? 0).toBeGreaterThanOrEqual(0); // all scored
    expect((await knowledge.search(botId, 'which payment methods?', 5))[0]?.id).toBe(faqIds.payment);
    expect((await knowledge.search(botId, 'can I return my item', 5))[0]?.id).toBe(faqIds.returns);
    // Only common words in common: a weak match below the default threshold.
    const weak = await knowledge.search(botId, 'how do I reset my password?', 5);
    expect(weak.every((hit) => hit.score < 0.35)).toBe(true);
    // Unknown words only: nothing.
    expect(await knowledge.search(botId, 'xylophone quantum', 5)).toEqual([]);
    for (const hit of good) expect(hit.score).toBeGreaterThanOrEqual(0);
    for (const hit of good) expect(hit.score).toBeLessThan(1);
    expect(good.length).toBeLessThanOrEqual(5);
    expect(await knowledge.search(botId, 'shipping', 1)).toHaveLength(1);
  });

  it('matches Vietnamese written without accents (and with them)', async () => {
    const knowledge = createPgKnowledge(t.database.db);
    expect((await knowledge.search(botId, 'phi van chuyen', 3))[0]?.id).toBe(faqIds.shipping);
    expect((await knowledge.search(botId, 'Phí vận chuyển bao nhiêu', 3))[0]?.id).toBe(faqIds.shipping);
    expect((await knowledge.search(botId, 'PHI VAN CHUYEN', 3))[0]?.id).toBe(faqIds.shipping);
    expect((await knowledge.search(botId, 'cua hang mo cua may gio', 3))[0]?.id).toBe(faqIds.hours);
    expect((await knowledge.search(botId, 'doi tra hang', 3))[0]?.id).toBe(faqIds.returns);
  });

  it('never fails on tsquery operators, quotes or huge input', async () => {
    const knowledge = createPgKnowledge(t.database.db);
    for (const query of ['& | ! ( ) : *', '!!', "'", "''", '\\', ':*', '<->', '(', 'a:* & !b', '   ', '', '💬💬']) {
      expect(await knowledge.search(botId, query, 5), query).toEqual(query === 'a:* & !b' ? expect.any(Array) : []);
    }
    expect((await knowledge.search(botId, "shipping' | !cost:*", 5))[0]?.id).toBe(faqIds.shipping);
    expect(await knowledge.search(botId, 'shipping '.repeat(50_000), 5)).toEqual(expect.any(Array));
    expect(await knowledge.search(botId, 'shipping', 0)).toEqual([]);
    expect(await knowledge.search(crypto.randomUUID(), 'shipping', 5)).toEqual([]);
  });
});

describe('retrieval on the sample Q&A corpus through the PostgreSQL port', () => {
  it('reaches at least the in-memory BM25 figures (hit@1 0.66, hit@3 0.82, MRR 0.74)', async () => {
    const parsed = parseQaCorpus(JSON.parse(readFileSync(new URL('../../../../../packages/assistant/corpus/qa.sample.json', import.meta.url), 'utf8')));
    if (!parsed.ok) throw new Error(parsed.error);
    const loaded = await loadQaCorpus(parsed.value, await createTestDatabase());
    try {
      const report = await evaluateQaCorpus(parsed.value, loaded);
      const memory = createMemoryKnowledge(parsed.value.documents.map((d) => ({ id: d.id, kind: 'faq', text: d.question, variants: d.variants, answer: d.answer })));
      const baseline = await evaluateAnswers(parsed.value.questions, (text) => memory.search('bot', text, 5), { now: () => performance.now() });
      expect(report.ranking.total).toBe(parsed.value.questions.length);
      expect(report.ranking.hitAt1).toBeGreaterThanOrEqual(baseline.ranking.hitAt1);
      expect(report.ranking.hitAt3).toBeGreaterThanOrEqual(baseline.ranking.hitAt3);
      expect(report.ranking.mrr).toBeGreaterThanOrEqual(baseline.ranking.mrr - 1e-9);
      expect(report.ranking.hitAt1).toBeGreaterThanOrEqual(0.66);
      expect(report.ranking.hitAt3).toBeGreaterThanOrEqual(0.8);
      // The threshold is meaningful: most direct answers are the right FAQ.
      expect(report.answered).toBeGreaterThan(0.3);
      expect(report.answeredCorrectly).toBeGreaterThanOrEqual(0.75);
    } finally {
      await loaded.database.close();
    }
  });
});
