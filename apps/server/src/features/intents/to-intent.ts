import { IntentResponseBody, IntentRuleBody, type Intent } from '@parley/contracts';
import { z } from 'zod';
import { iso } from '../../lib/iso.js';
import type { IntentRow } from './intent-store.js';

const StoredRules = z.array(IntentRuleBody).catch([]);
const StoredResponses = z.array(IntentResponseBody).catch([]);

export const rulesOf = (row: Pick<IntentRow, 'rules'>): Intent['rules'] => StoredRules.parse(row.rules);
export const responsesOf = (row: Pick<IntentRow, 'responses'>): Intent['responses'] => StoredResponses.parse(row.responses);

export function toIntent(row: IntentRow): Intent {
  return {
    id: row.id,
    botId: row.botId,
    name: row.name,
    examples: row.examples,
    rules: rulesOf(row),
    responses: responsesOf(row),
    handoff: row.handoff,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}
