import type { QuickReply } from '@parley/contracts';
import type { Texts } from './texts.js';

/** The quick replies of the newest bot message: real buttons (keyboard and screen-reader friendly). */
export function QuickReplies({ replies, texts, onReply }: { replies: QuickReply[]; texts: Texts; onReply: (reply: QuickReply) => void }) {
  return (
    <div class="qr" role="group" aria-label={texts.quickReplies}>
      {replies.map((r, i) => (
        <button key={i} type="button" data-quick-reply="" onClick={() => onReply(r)}>
          {r.label}
        </button>
      ))}
    </div>
  );
}
