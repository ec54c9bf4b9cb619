export interface IntentCorpusSentence {
  readonly text: string;
  readonly intent: string;
  readonly training: boolean;
}

export interface IntentCorpus {
  readonly sentences: readonly IntentCorpusSentence[];
}

export interface QaDocument {
  readonly id: string;
  readonly kind: 'faq';
  readonly question: string;
  readonly variants: readonly string[];
  readonly answer: string;
}

export interface QaCorpus {
  readonly documents: readonly QaDocument[];
  readonly questions: readonly { readonly text: string; readonly expected: string }[];
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** Reads `{"sentences":[{"text","intent","training"}]}` (parsed JSON); the label "None" means out of scope. */
export function parseIntentCorpus(value: unknown): Parsed<IntentCorpus> {
  if (!isRecord(value) || !Array.isArray(value.sentences)) return fail('Expected an object with a "sentences" array.');
  const sentences: IntentCorpusSentence[] = [];
  for (const [index, sentence] of value.sentences.entries()) {
    if (!isRecord(sentence) || typeof sentence.text !== 'string' || typeof sentence.intent !== 'string' || typeof sentence.training !== 'boolean') {
      return fail(`sentences[${index}] needs "text" (string), "intent" (string) and "training" (boolean).`);
    }
    sentences.push({ text: sentence.text, intent: sentence.intent, training: sentence.training });
  }
  return { ok: true, value: { sentences } };
}

/** Reads `{"documents":[{"id","kind":"faq","question","variants","answer"}],"questions":[{"text","expected"}]}`. */
export function parseQaCorpus(value: unknown): Parsed<QaCorpus> {
  if (!isRecord(value) || !Array.isArray(value.documents) || !Array.isArray(value.questions)) {
    return fail('Expected an object with "documents" and "questions" arrays.');
  }
  const documents: QaDocument[] = [];
  const ids = new Set<string>();
  for (const [index, doc] of value.documents.entries()) {
    if (!isRecord(doc) || typeof doc.id !== 'string' || doc.kind !== 'faq' || typeof doc.question !== 'string' || typeof doc.answer !== 'string') {
      return fail(`documents[${index}] needs "id", "kind": "faq", "question" and "answer".`);
    }
    const variants = doc.variants ?? [];
    if (!Array.isArray(variants) || !variants.every((v): v is string => typeof v === 'string')) return fail(`documents[${index}].variants must be strings.`);
    if (ids.has(doc.id)) return fail(`documents[${index}]: duplicate id "${doc.id}".`);
    ids.add(doc.id);
    documents.push({ id: doc.id, kind: 'faq', question: doc.question, variants, answer: doc.answer });
  }
  const questions: { text: string; expected: string }[] = [];
  for (const [index, question] of value.questions.entries()) {
    if (!isRecord(question) || typeof question.text !== 'string' || typeof question.expected !== 'string') {
      return fail(`questions[${index}] needs "text" and "expected" (a document id).`);
    }
    if (!ids.has(question.expected)) return fail(`questions[${index}] expects unknown document "${question.expected}".`);
    questions.push({ text: question.text, expected: question.expected });
  }
  return { ok: true, value: { documents, questions } };
}

function fail(error: string): { ok: false; error: string } {
  return { ok: false, error };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
