const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A random message client id (`[A-Za-z0-9_-]{8,64}`); getRandomValues works outside secure contexts too. */
export function newClientId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  return `d${[...bytes].map((b) => alphabet[b % alphabet.length] ?? '').join('')}`;
}
