import { Bot, CreatedApiKey, type CreateApiKeyBody, type CreateBotBody } from '@parley/contracts';
import { startDemoShop, type DemoShop } from '../apps/server/src/features/demo/demo-shop.js';
import { freePort } from '../apps/server/src/test/free-port.js';
import { signInOverHttp } from '../apps/server/src/test/parley-process.js';
import { startParley, type RunningParley } from '../apps/server/src/test/start-parley.js';
import type { Env } from '../apps/server/src/config/config.js';

/** Parley's REST API as one caller: parses the answer, throws on a non-2xx with its status and body. */
export type Api = <T>(method: string, path: string, parse: (x: unknown) => T, body?: unknown) => Promise<T>;

/** `headers` say who calls: an API key's bearer header, or a signed-in session's (signInOverHttp). */
export function apiClient(url: string, headers: Record<string, string>): Api {
  return async (method, path, parse, body) => {
    const res = await fetch(`${url}/api/v1${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${await res.text()}`);
    return parse(res.status === 204 ? null : await res.json());
  };
}

export interface ShopBot {
  parley: RunningParley;
  /** The API, called as the signed-in owner. */
  asOwner: Api;
  bot: Bot;
  /** The API, called with the new API key. */
  api: Api;
  /** The shop page's origin (`http://localhost:PORT`), the one the bot allows. */
  shopOrigin: string;
  /** Serves the demo shop with the bot's snippet on that origin (after the test has set the bot up). */
  startShop(): Promise<DemoShop>;
}

/**
 * What the browser tests start from: Parley on an in-memory database, a bot that allows a shop on
 * another origin (a free port on localhost, where Parley is 127.0.0.1), and an API key to drive it.
 */
export async function startShopBot(options: {
  env?: Env;
  bot: Omit<Partial<CreateBotBody>, 'allowedOrigins'> & { name: string };
  key: CreateApiKeyBody;
}): Promise<ShopBot> {
  const parley = await startParley(options.env);
  // The test has no handle on this Parley until it returns: stop it here if setting up fails.
  try {
    const shopPort = await freePort();
    const shopOrigin = `http://localhost:${shopPort}`;
    const asOwner = apiClient(parley.url, await signInOverHttp(parley.url, parley.owner.email, parley.owner.password));
    const bot = await asOwner('POST', '/bots', (x) => Bot.parse(x), { ...options.bot, allowedOrigins: [shopOrigin] });
    const { key } = await asOwner('POST', '/api-keys', (x) => CreatedApiKey.parse(x), options.key);
    return {
      parley,
      asOwner,
      bot,
      api: apiClient(parley.url, { authorization: `Bearer ${key}` }),
      shopOrigin,
      startShop: () => startDemoShop('localhost', shopPort, parley.url, bot.id),
    };
  } catch (err) {
    await parley.close();
    throw err;
  }
}
