import { normalizeText } from './normalize-text.js';

export type Locale = 'en' | 'vi';

export type HandoffReason = 'explicit_request' | 'rule' | 'intent';

export interface HandoffDetection {
  readonly handoff: boolean;
  readonly reason?: HandoffReason;
}

/** Payload of the "Talk to a person" quick reply; sending it back is an explicit request. */
export const handoffPayload = 'parley:handoff';

// All patterns run on normalized text (lowercase, no accents, single spaces), so "gặp nhân viên"
// and "gap nhan vien" are the same. Word boundaries come from the spaces around the text.
const person = '(human|humans|real person|person|someone|somebody|agent|live agent|operator|representative|rep|staff|employee|people|live support|support agent|customer service|customer support|a human being|manager)';
const englishRequests: readonly RegExp[] = [
  new RegExp(`\\b(talk|speak|chat|connect|transfer|put|switch|escalate|get|need|want|see|reach|contact|call)( me)?( me)?( to| with| through to| through| me to)? (a |an |the |some |your |one of your |real |actual |live )*${person}\\b`),
  /\b(real|actual|live) (person|human|people|agent)\b/,
  /\b(agent|human|operator|representative|person) (please|pls|plz|now)\b/,
  /^(agent|human|operator|representative|live agent|live support|customer service|customer support|real person)$/,
  /\bcustomer (service|support|care)\b/,
  /\bnot (a |the )?(bot|robot|machine)\b/,
  /\bstop (the )?(bot|robot)\b/,
  /\b(dont|do not|no) (want|wanna|like) (to )?(talk|speak|chat)( to| with)? (a |the |this |your )?(bot|robot|machine|chatbot)\b/,
];
const vietnameseRequests: readonly RegExp[] = [
  /\bgap (nhan vien|nguoi that|nguoi tu van|nguoi ho tro|tu van|tu van vien|admin|quan ly|chu shop)\b/,
  /\b(noi chuyen|chat|trao doi|lien he|lien lac|ket noi|chuyen|goi) (truc tiep )?(voi |cho |sang |toi |den )?(nhan vien|nguoi that|nguoi tu van|nguoi ho tro|tu van vien|admin|quan ly|tong dai vien)\b/,
  /\bnguoi that\b/,
  /\btu van vien\b/,
  /\btong dai vien\b/,
  /\bnhan vien (ho tro|tu van|cham soc|cskh|ban hang)\b/,
  /\bcham soc khach hang\b/,
  /\b(can|muon) (nguoi|nhan vien) (ho tro|tu van|giup)\b/,
  /\bkhong (muon )?(noi chuyen voi |chat voi )?(bot|robot|may)\b/,
];
// Questions about the bot itself, or about the service rather than a request to reach it.
const notRequests: readonly RegExp[] = [
  /^(are|r) (you|u) (a |an )?(real )?(human|person|bot|robot|agent|people)\b/,
  /^(is|am) (this|it|that|i) (a |an )?(real )?(human|person|bot|robot|agent)\b/,
  /\b(ban|em|shop) (la|co phai la) (nguoi that|nguoi|bot|robot|may)( a| ha| khong| ko| k)?$/,
  /\bco phai (la )?(nguoi that|bot|robot|may)( khong| ko| k)?$/,
  /\bcustomer (service|support|care) (hours|number|phone|email|policy|opening)\b/,
];

/**
 * Whether a visitor explicitly asks for a person, in English or Vietnamese (with or without accents).
 * Both languages are always checked: visitors mix them. Questions about the bot ("are you a human?")
 * are not requests.
 */
export function detectHandoff(text: string, options: { readonly locale?: Locale } = {}): HandoffDetection {
  if (text.trim() === handoffPayload) return { handoff: true, reason: 'explicit_request' };
  const normalized = normalizeText(text.slice(0, 2000));
  if (normalized === '') return { handoff: false };
  if (notRequests.some((pattern) => pattern.test(normalized))) return { handoff: false };
  const ordered = options.locale === 'vi' ? [vietnameseRequests, englishRequests] : [englishRequests, vietnameseRequests];
  for (const patterns of ordered) {
    if (patterns.some((pattern) => pattern.test(normalized))) return { handoff: true, reason: 'explicit_request' };
  }
  return { handoff: false };
}
