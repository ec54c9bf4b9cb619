import { createClient } from 'redis';

export type RedisClient = ReturnType<typeof createClient>;

export interface RedisConnection {
  /** Publishes and answers commands (rate limits); the adapter's publisher. */
  pub: RedisClient;
  /** In subscriber mode for the Socket.IO adapter. */
  sub: RedisClient;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Connects the two clients the Socket.IO Redis adapter needs; fails fast when Redis is unreachable. */
export async function connectRedis(url: string, onError: (err: unknown) => void): Promise<RedisConnection> {
  const pub = createClient({ url, socket: { connectTimeout: 5_000 } });
  const sub = pub.duplicate();
  // Errors after start-up (a Redis restart) are logged; node-redis reconnects by itself.
  pub.on('error', onError);
  sub.on('error', onError);
  await Promise.all([pub.connect(), sub.connect()]);
  return {
    pub,
    sub,
    ping: async () => {
      await pub.ping();
    },
    close: async () => {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}
