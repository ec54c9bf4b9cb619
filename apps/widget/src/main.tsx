import { render } from 'preact';
import { App } from './App.js';
import { createBeacons } from './beacons.js';
import { connectVisitorSocket } from './connectVisitorSocket.js';
import { createWidget } from './createWidget.js';
import { createErrorReporter, installErrorReporting } from './reportError.js';
import { safeStorage } from './storage.js';
import './styles.css';

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
  fetchJson: (url) =>
    fetch(url, { credentials: 'omit' }).then((response) => {
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return response.json();
    }),
  now: () => performance.now(),
  baseUrl: location.href,
});

widget.setNetwork(navigator.onLine);
addEventListener('online', () => widget.setNetwork(true));
addEventListener('offline', () => widget.setNetwork(false));

const root = document.getElementById('app');
if (root) render(<App widget={widget} />, root);
