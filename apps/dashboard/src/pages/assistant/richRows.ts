import type { QuickReply, RichLink } from '@parley/contracts';

/** A quick reply being edited: the payload is optional (the label is sent when it is empty). */
export interface QuickReplyRow {
  label: string;
  payload: string;
}

export interface LinkRow {
  label: string;
  url: string;
}

export const emptyQuickReply: QuickReplyRow = { label: '', payload: '' };
export const emptyLink: LinkRow = { label: '', url: '' };

export function quickReplyRows(replies: readonly QuickReply[] | undefined): QuickReplyRow[] {
  return (replies ?? []).map((r) => ({ label: r.label, payload: r.payload ?? '' }));
}

export function linkRows(links: readonly RichLink[] | undefined): LinkRow[] {
  return (links ?? []).map((l) => ({ label: l.label, url: l.url }));
}

/**
 * Every row is sent as typed, so that an error the schema finds points at the row on screen
 * (a row left blank is reported: remove it or fill it in). An empty payload is left out.
 */
export function rowsToQuickReplies(rows: readonly QuickReplyRow[]): QuickReply[] {
  return rows.map((r) => (r.payload.trim() === '' ? { label: r.label } : { label: r.label, payload: r.payload }));
}

export function rowsToLinks(rows: readonly LinkRow[]): RichLink[] {
  return rows.map((r) => ({ label: r.label, url: r.url }));
}
