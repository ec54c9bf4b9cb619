import { describe, expect, it } from 'vitest';
import { renderText } from './renderText.js';

describe('renderText', () => {
  it('keeps HTML as plain text (no element, no innerHTML)', () => {
    const text = '<img src=x onerror="alert(1)"><script>alert(2)</script><b>bold</b>';
    expect(renderText(text)).toEqual([text]);
  });

  it('renders links as <a target=_blank rel="noopener noreferrer nofollow"> with the URL as a text child', () => {
    const [before, link, after] = renderText('go to https://example.com/<b> now');
    expect(before).toBe('go to ');
    expect(after).toBe('<b> now');
    expect(typeof link).toBe('object');
    if (typeof link !== 'object') return;
    expect(link.type).toBe('a');
    expect(link.props).toEqual({ href: 'https://example.com/', target: '_blank', rel: 'noopener noreferrer nofollow', children: 'https://example.com/' });
    expect(link.props).not.toHaveProperty('dangerouslySetInnerHTML');
  });
});
