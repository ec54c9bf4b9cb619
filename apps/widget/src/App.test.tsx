// @vitest-environment happy-dom
import { render } from 'preact';
import { describe, expect, it } from 'vitest';
import { App } from './App.js';
import type { Widget, WidgetView } from './createWidget.js';

/** A widget whose view the test changes by hand, telling whoever subscribed by then. */
function fakeWidget() {
  let view: WidgetView = { init: null, session: null, open: false, shutdown: false, announcement: '' };
  const listeners = new Set<() => void>();
  const widget: Widget = {
    view: () => view,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    close: () => undefined,
    setNetwork: () => undefined,
    preview: () => undefined,
  };
  const set = (patch: Partial<WidgetView>) => {
    view = { ...view, ...patch };
    for (const listener of listeners) listener();
  };
  return { widget, set };
}

const afterEffects = () => new Promise((resolve) => setTimeout(resolve, 150));

describe('App', () => {
  it('shows a change that arrived between its first render and its subscription (the host\'s init after the frame\'s load)', async () => {
    const root = document.createElement('div');
    document.body.append(root);
    const { widget, set } = fakeWidget();
    render(<App widget={widget} />, root);
    // Preact runs effects after paint; the loader posts `init` on the frame's load event, which can come first.
    set({ announcement: 'Ada: hello' });
    await afterEffects();
    expect(root.querySelector('.sr')?.textContent).toBe('Ada: hello');
    set({ announcement: 'Ada: again' });
    await afterEffects();
    expect(root.querySelector('.sr')?.textContent).toBe('Ada: again');
  });
});
