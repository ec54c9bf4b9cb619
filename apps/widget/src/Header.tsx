import { Icon } from './Icon.js';
import type { Texts } from './texts.js';

export function Header({ title, subtitle, texts, onClose }: { title: string; subtitle: string; texts: Texts; onClose: () => void }) {
  return (
    <header class="head">
      <div class="head-text">
        <h1 id="parley-title">{title}</h1>
        {subtitle && <p>{subtitle}</p>}
      </div>
      <button type="button" class="icon" aria-label={texts.close} title={texts.close} onClick={onClose}>
        <Icon name="close" />
      </button>
    </header>
  );
}
