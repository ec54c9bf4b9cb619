import type { WidgetConfig } from '@parley/contracts';
// The server's choice of text colour on the theme colour (resolve's `ink`), so the preview matches the widget.
import { readableTextColor } from '@parley/contracts/readable-text-color';

// The widget's own words (apps/widget/src/texts.ts) for what a config leaves empty.
const labels = {
  en: { assistant: 'AI Assistant', live: 'Live Support', send: 'Send', seen: 'Seen', title: 'Chat', placeholder: 'Type a message…', greeting: 'Hi! How can we help you today?' },
  vi: { assistant: 'Trợ lý AI', live: 'Hỗ trợ trực tiếp', send: 'Gửi', seen: 'Đã xem', title: 'Trò chuyện', placeholder: 'Nhập tin nhắn…', greeting: 'Xin chào! Chúng tôi có thể giúp gì cho bạn?' },
} as const;

// The loader's launcher icon (packages/loader/src/loader.ts): an emoji would depend on the machine's fonts.
const LAUNCHER_ICON = 'M20 2H4a2 2 0 0 0-2 2v18l4-4h14a2 2 0 0 0 2-2V4a2 2 0 0 0-2-2z';

/**
 * A pure React mock of the widget panel, rendering a config as the widget would (not the real runtime).
 * `botName`: the title when the config sets none, as in the widget.
 */
export function WidgetPreview({ config, botName }: { config: WidgetConfig; botName: string }) {
  const color = /^#[0-9a-f]{6}$/i.test(config.theme.color) ? config.theme.color : '#4f46e5';
  const fg = readableTextColor(color);
  const l = labels[config.locale];
  const tabs: string[] = [config.tabs.assistant ? l.assistant : null, config.tabs.liveSupport ? l.live : null].flatMap((t) => (t === null ? [] : [t]));
  return (
    <figure className="widget-preview" aria-label="Live preview of the widget">
      <div className={`wp-stage wp-${config.theme.position}`}>
        <div className="wp-panel" data-testid="widget-preview-panel">
          <div className="wp-header" style={{ background: color, color: fg }}>
            <strong className="wp-title">{config.texts.title || botName || l.title}</strong>
            {tabs.length > 1 ? (
              <div className="wp-tabs" aria-label="Widget tabs">
                {tabs.map((t, i) => (
                  <span key={t} className={i === 0 ? 'wp-tab is-current' : 'wp-tab'} style={i === 0 ? { borderColor: fg } : undefined}>
                    {t}
                  </span>
                ))}
              </div>
            ) : tabs.length === 1 ? (
              <div className="wp-tabs"><span className="wp-tab is-current" style={{ borderColor: fg }}>{tabs[0]}</span></div>
            ) : null}
          </div>
          <div className="wp-body">
            <p className="wp-bubble wp-bubble-bot">{config.greeting || l.greeting}</p>
            <p className="wp-bubble wp-bubble-visitor" style={{ background: color, color: fg }}>
              Hello!
            </p>
            {config.features.readReceipts ? <p className="wp-receipt">{l.seen}</p> : null}
            {config.features.typingIndicator ? (
              <p className="wp-typing" aria-label="Typing indicator">
                <span />
                <span />
                <span />
              </p>
            ) : null}
            {config.texts.awayMessage ? <p className="wp-away">{config.texts.awayMessage}</p> : null}
          </div>
          <div className="wp-composer">
            <span className="wp-input">{config.texts.placeholder || l.placeholder}</span>
            <span className="wp-send" style={{ background: color, color: fg }}>{l.send}</span>
          </div>
        </div>
        <div className="wp-launcher" style={{ background: color, color: fg }}>
          <svg viewBox="0 0 24 24" aria-hidden="true" className="wp-launcher-icon">
            <path d={LAUNCHER_ICON} fill="currentColor" />
          </svg>
          {config.theme.launcherText ? <span>{config.theme.launcherText}</span> : null}
        </div>
      </div>
      <figcaption className="muted small">
        Preview: {config.theme.position === 'left' ? 'bottom left' : 'bottom right'}, {config.locale}. The real widget may differ slightly.
      </figcaption>
    </figure>
  );
}
