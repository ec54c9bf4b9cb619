import { h } from 'preact';
import { describe, expect, it } from 'vitest';
import { RichParts } from './RichParts.js';
import { elements, expandTree, textOf } from './test/expandTree.js';
import { textsFor } from './texts.js';

const en = textsFor('en');

describe('RichParts', () => {
  it('renders http(s) links as anchors opening in a new tab, without the opener or referrer', () => {
    const tree = expandTree(h(RichParts, { rich: { links: [{ label: 'Shipping', url: 'https://shop.example/shipping' }, { label: 'FAQ', url: 'HTTP://shop.example/faq' }] }, texts: en }));
    const anchors = elements(tree).filter((e) => e.tag === 'a');
    expect(anchors.map((a) => [a.props, textOf(a.children)])).toEqual([
      [{ href: 'https://shop.example/shipping', target: '_blank', rel: 'noopener noreferrer nofollow' }, 'Shipping'],
      [{ href: 'http://shop.example/faq', target: '_blank', rel: 'noopener noreferrer nofollow' }, 'FAQ'],
    ]);
  });

  it('shows a link whose URL is not http(s) as plain text, never as an anchor', () => {
    const bad = ['javascript:alert(1)', ' JavaScript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:x', '//evil.example', '/relative', 'https://'];
    const tree = expandTree(h(RichParts, { rich: { links: bad.map((url, i) => ({ label: `link ${i}`, url })), sources: [{ title: 'Doc', url: 'javascript:alert(2)' }] }, texts: en }));
    expect(elements(tree).filter((e) => e.tag === 'a')).toEqual([]);
    expect(elements(tree).some((e) => Object.values(e.props).some((v) => typeof v === 'string' && /javascript|data:/i.test(v)))).toBe(false);
    expect(textOf(tree)).toBe(`${bad.map((_, i) => `link ${i}`).join('')}Sources: Doc`);
  });

  it('keeps HTML in labels and titles as text (no markup, no innerHTML)', () => {
    const label = '<img src=x onerror="alert(1)"><b>bold</b>';
    const tree = expandTree(
      h(RichParts, { rich: { links: [{ label, url: 'https://ok.example/' }], sources: [{ title: '<script>alert(2)</script>' }, { title: 'Guide', url: 'https://ok.example/g' }] }, texts: en }),
    );
    const all = elements(tree);
    expect(all.map((e) => e.tag).sort()).toEqual(['a', 'a', 'li', 'p', 'ul']);
    expect(all.some((e) => 'dangerouslySetInnerHTML' in e.props)).toBe(false);
    expect(textOf(tree)).toBe(`${label}Sources: <script>alert(2)</script>, Guide`);
  });

  it('lists sources with the localized label', () => {
    const tree = expandTree(h(RichParts, { rich: { sources: [{ title: 'Chính sách đổi trả' }] }, texts: textsFor('vi') }));
    expect(textOf(tree)).toBe('Nguồn: Chính sách đổi trả');
    expect(elements(tree).map((e) => e.tag)).toEqual(['p']);
  });
});
