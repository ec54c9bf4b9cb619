import type { Bot } from '@parley/contracts';
import type { Api } from '../../api/createApi';
import { SecretSection } from '../../components/SecretSection';

/** The secret a site's server signs user ids with, for verified identify. */
export function IdentitySecretSection({ api, bot }: { api: Api; bot: Bot }) {
  return (
    <SecretSection
      id="identity-secret"
      title="Identity verification"
      description="To verify signed-in visitors, your server signs each user id with this secret (HMAC-SHA256, hex) and passes the signature to the widget. Keep it on your server; never put it in page code."
      secretLabel="Identity secret"
      revealLabel="Reveal secret"
      rotateLabel="Rotate secret"
      confirmTitle="Rotate the identity secret?"
      confirmBody={
        <p>
          A new secret is generated for {bot.name}. Signatures made with the current secret stop working immediately, so
          update your server right away.
        </p>
      }
      rotatedNotice="Identity secret rotated"
      load={async () => (await api.getIdentitySecret(bot.id)).identitySecret}
      rotate={async () => (await api.rotateIdentitySecret(bot.id)).identitySecret}
    />
  );
}
