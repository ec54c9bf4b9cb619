import type { QuickReply } from '@parley/contracts';
import { h } from 'preact';
import { describe, expect, it } from 'vitest';
import { QuickReplies } from './QuickReplies.js';
import { elements, expandTree, textOf } from './test/expandTree.js';
import { textsFor } from './texts.js';

describe('QuickReplies', () => {
  it('renders one real button per reply in a labelled group, with stable selectors and text labels', () => {
    const replies = [{ label: 'Track my order', payload: 'track_order' }, { label: '<b>Talk</b> to a person' }];
    const tree = expandTree(h(QuickReplies, { replies, texts: textsFor('en'), onReply: () => undefined }));
    const [group] = elements(tree);
    expect(group?.props).toEqual({ class: 'qr', role: 'group', 'aria-label': 'Suggested replies' });
    const buttons = elements(tree).filter((e) => e.tag === 'button');
    expect(buttons.map((b) => [b.props.type, b.props['data-quick-reply'], textOf(b.children)])).toEqual([
      ['button', '', 'Track my order'],
      ['button', '', '<b>Talk</b> to a person'],
    ]);
    expect(elements(tree).filter((e) => e.tag === 'b')).toEqual([]);
  });

  it('hands the picked reply (with its payload) to onReply', () => {
    const picked: QuickReply[] = [];
    const replies = [{ label: 'Yes' }, { label: 'Track my order', payload: 'track_order' }];
    const tree = expandTree(h(QuickReplies, { replies, texts: textsFor('vi'), onReply: (r) => picked.push(r) }));
    const buttons = elements(tree).filter((e) => e.tag === 'button');
    const click = buttons[1]?.props.onClick;
    if (typeof click !== 'function') throw new Error('no click handler');
    click();
    expect(picked).toEqual([{ label: 'Track my order', payload: 'track_order' }]);
    expect(elements(tree)[0]?.props['aria-label']).toBe('Gợi ý trả lời');
  });
});
