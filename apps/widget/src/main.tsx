import { render } from 'preact';
import { App } from './App.js';
import { createBeacons } from './beacons.js';
import { connectVisitorSocket } from './connectVisitorSocket.js';
import { createWidget } from './createWidget.js';
import { parseResolve } from './hostProtocol.js';
import { createErrorReporter, installErrorReporting } from './reportError.js';
import { safeStorage } from './storage.js';
import './styles.css';

const fetchJson = (url: string): Promise<unknown> =>
  fetch(url, { credentials: 'omit' }).then((response) => {
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return response.json();
  });

const beacons = createBeacons();
installErrorReporting(window, createErrorReporter(beacons.add));
// Whatever is queued goes out before the page is hidden or goes away.
addEventListener('pagehide', beacons.flush);
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') beacons.flush();
});

const widget = createWidget({
  win: window,
  storage: safeStorage(),
  connect: ({ resolve, pageUrl }) =>
    connectVisitorSocket(location.origin, { botId: resolve.bot.id, visitorToken: resolve.visitorToken, pageUrl: pageUrl.slice(0, 2048) }),
  beacons,
  fetchJson,
  now: () => performance.now(),
  baseUrl: location.href,
});

widget.setNetwork(navigator.onLine);
addEventListener('online', () => widget.setNetwork(true));
addEventListener('offline', () => widget.setNetwork(false));

// A preview link (`/widget/v1/frame/:botId?preview=TOKEN`) opened on its own: no host page will send `init`.
const previewToken = new URLSearchParams(location.search).get('preview');
const botId = /\/frame\/([0-9a-f-]{36})$/i.exec(location.pathname)?.[1];
if (previewToken && botId && window.parent === window) {
  const storage = safeStorage();
  const key = `parley:${botId}:vt`;
  const vt = storage.getItem(key);
  fetchJson(`${location.origin}/widget/v1/bots/${botId}/resolve?preview=${encodeURIComponent(previewToken)}${vt ? `&vt=${encodeURIComponent(vt)}` : ''}`)
    .then((json) => {
      const resolve = parseResolve(json);
      if (!resolve) throw new Error('bad resolve');
      storage.setItem(key, resolve.visitorToken);
      widget.preview({ resolve, pageUrl: location.href.slice(0, 2048), open: true });
    })
    .catch((e: unknown) => console.warn('[parley widget] preview unavailable:', e));
}

const root = document.getElementById('app');
if (root) render(<App widget={widget} />, root);
