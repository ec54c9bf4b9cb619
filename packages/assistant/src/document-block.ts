/** A piece of a parsed document: a heading or a paragraph of plain text. */
export type DocumentBlock = { readonly kind: 'heading'; readonly level: number; readonly text: string } | { readonly kind: 'paragraph'; readonly text: string };
