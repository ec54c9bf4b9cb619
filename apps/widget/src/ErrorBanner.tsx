import type { ChatState } from './chatSession.js';
import { Icon } from './Icon.js';
import { format, type Texts } from './texts.js';
import { MAX_MESSAGE_LENGTH } from './types.js';

function describe(error: NonNullable<ChatState['error']>, texts: Texts, locale: string): string {
  switch (error.code) {
    case 'too_long':
      return format(texts.tooLong, {
        max: MAX_MESSAGE_LENGTH.toLocaleString(locale),
        length: (error.length ?? 0).toLocaleString(locale),
      });
    case 'rate_limited':
      return texts.rateLimited;
    case 'identity_required':
      return texts.identityRequired;
    case 'rejected':
      return texts.rejected;
    case 'send_failed':
      return texts.sendFailed;
  }
}

export function ErrorBanner({ error, texts, locale, onDismiss }: { error: ChatState['error']; texts: Texts; locale: string; onDismiss: () => void }) {
  return (
    <div class="err-slot" role="alert">
      {error && (
        <div class="err" id="parley-error">
          <span>{describe(error, texts, locale)}</span>
          <button type="button" class="icon" aria-label={texts.dismiss} title={texts.dismiss} onClick={onDismiss}>
            <Icon name="close" />
          </button>
        </div>
      )}
    </div>
  );
}
