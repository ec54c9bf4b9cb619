import { createLoader } from './loader';
import { replay, stubQueue } from './queue';

/**
 * The embeddable loader:
 *   <script src="https://PARLEY/widget/v1/loader.js" data-bot-id="BOT" async></script>
 * Calls made before it arrives are queued by the snippet's stub
 *   window.Parley = window.Parley || function(){(Parley.q = Parley.q || []).push(arguments)}
 * and replayed here, in order.
 */

declare global {
  interface Window {
    Parley?: unknown;
  }
}

const w = window;
const d = document;
const current = d.currentScript;
const script = current instanceof HTMLScriptElement && current.hasAttribute('data-bot-id') ? current : d.querySelector('script[data-bot-id]');
const botId = script && script.getAttribute('data-bot-id');
const stub = w.Parley;

if (typeof stub == 'function' && 'loaded' in stub) {
  // Loaded twice (the snippet pasted twice, an SPA re-inserting it): the first one stays.
} else if (script instanceof HTMLScriptElement && script.src && botId) {
  const api = Object.assign(createLoader({ origin: new URL(script.src).origin, botId }), { loaded: true });
  if (script.getAttribute('data-parley-autoboot') !== 'false') api('boot');
  // Replay the stub's queue (calls made meanwhile still go to the stub and are replayed too), then take over.
  replay(stubQueue(stub), (args) => api(args[0], args[1], args[2]));
  w.Parley = api;
} else console.warn('[parley] no script[data-bot-id]');
