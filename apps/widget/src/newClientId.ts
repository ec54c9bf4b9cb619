/** A message's idempotency key: 32 hex characters (fits `[A-Za-z0-9_-]{8,64}`). */
export function newClientId(random: Pick<Crypto, 'getRandomValues'> = crypto): string {
  const bytes = random.getRandomValues(new Uint8Array(16));
  let id = '';
  for (const b of bytes) id += b.toString(16).padStart(2, '0');
  return id;
}

export const CLIENT_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
