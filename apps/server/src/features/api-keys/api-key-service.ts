import { randomBytes } from 'node:crypto';
import { roleAtLeast, type ApiKey, type CreatedApiKey, type Role } from '@parley/contracts';
import { AppError, forbidden, notFound } from '../../errors/app-error.js';
import { iso, isoOrNull } from '../../lib/iso.js';
import { randomToken, sha256 } from '../../lib/tokens.js';
import type { OrgContext } from '../auth/principal.js';
import type { ApiKeyListRow, ApiKeyStore } from './api-key-store.js';
import type { EventBus } from '../../events/domain-events.js';

const ALPHANUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function prefixChars(): string {
  return Array.from(randomBytes(8), (b) => ALPHANUM[b % ALPHANUM.length]).join('');
}

const toApiKey = (row: ApiKeyListRow): ApiKey => ({
  id: row.id,
  name: row.name,
  role: row.role,
  prefix: row.prefix,
  createdBy: row.createdByName,
  createdAt: iso(row.createdAt),
  lastUsedAt: isoOrNull(row.lastUsedAt),
  revokedAt: isoOrNull(row.revokedAt),
});

/** Keys look like `pk_<8 chars>_<43 chars>`; only their SHA-256 is stored. */
export function createApiKeyService({ apiKeys, now, events }: { apiKeys: ApiKeyStore; now: () => Date; events?: EventBus }) {
  return {
    async list(ctx: OrgContext): Promise<ApiKey[]> {
      return (await apiKeys.list(ctx.orgId)).map(toApiKey);
    },

    async create(ctx: OrgContext, name: string, role: Role): Promise<CreatedApiKey> {
      if (!roleAtLeast(ctx.role, role)) throw forbidden(`You cannot create a key with more rights (${role}) than you have (${ctx.role})`);
      const prefix = `pk_${prefixChars()}`;
      const key = `${prefix}_${randomToken(32)}`;
      const row = await apiKeys.create({ orgId: ctx.orgId, name, role, prefix, keyHash: sha256(key), createdBy: ctx.userId });
      return { apiKey: toApiKey({ ...row, createdByName: null }), key };
    },

    async revoke(ctx: OrgContext, id: string): Promise<void> {
      if (await apiKeys.revoke(ctx.orgId, id, now())) {
        events?.emit({ type: 'access.revoked', orgId: ctx.orgId, target: { kind: 'apiKey', apiKeyId: id } });
        return;
      }
      if (await apiKeys.exists(ctx.orgId, id)) throw new AppError('conflict', 'This API key is already revoked');
      throw notFound('API key');
    },
  };
}
export type ApiKeyService = ReturnType<typeof createApiKeyService>;
