import { isValidElement, type ComponentChildren } from 'preact';

export interface Element {
  tag: string;
  props: Record<string, unknown>;
  children: Tree[];
}
export type Tree = Element | string;

/**
 * What Preact would put in the DOM for hook-free components: function components are
 * called, fragments flattened; strings stay strings (Preact makes them text nodes).
 */
export function expandTree(node: ComponentChildren): Tree[] {
  if (node === null || node === undefined || typeof node === 'boolean') return [];
  if (Array.isArray(node)) return node.flatMap((child: ComponentChildren) => expandTree(child));
  if (typeof node !== 'object') return [String(node)];
  if (!isValidElement(node)) return [];
  const { type, props } = node;
  if (typeof type !== 'string') return expandTree(Reflect.apply(type, undefined, [props]));
  const { children, ...rest }: Record<string, unknown> & { children?: ComponentChildren } = props;
  return [{ tag: type, props: rest, children: expandTree(children) }];
}

/** Every element of a tree, depth first. */
export function elements(trees: Tree[]): Element[] {
  return trees.flatMap((t) => (typeof t === 'string' ? [] : [t, ...elements(t.children)]));
}

/** The text of a tree, as the DOM's textContent would read. */
export function textOf(trees: Tree[]): string {
  return trees.map((t) => (typeof t === 'string' ? t : textOf(t.children))).join('');
}
