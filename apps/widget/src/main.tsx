import { render } from 'preact';
import { App } from './App.js';
import { connectVisitorSocket } from './connectVisitorSocket.js';
import { createWidget } from './createWidget.js';
import { installErrorReporting } from './reportError.js';
import { safeStorage } from './storage.js';
import './styles.css';

installErrorReporting(window);

const widget = createWidget({
  win: window,
  storage: safeStorage(),
  connect: ({ resolve, pageUrl }) =>
    connectVisitorSocket(location.origin, { botId: resolve.bot.id, visitorToken: resolve.visitorToken, pageUrl: pageUrl.slice(0, 2048) }),
});

widget.setNetwork(navigator.onLine);
addEventListener('online', () => widget.setNetwork(true));
addEventListener('offline', () => widget.setNetwork(false));

const root = document.getElementById('app');
if (root) render(<App widget={widget} />, root);
