import { completeWidgetConfig, type WidgetConfig, type WidgetConfigInput } from '@parley/contracts';

/** `base` with the given fields of `patch` on top (per section), validated as a whole. */
export function mergeWidgetConfig(base: WidgetConfig | undefined, patch: WidgetConfigInput = {}): WidgetConfig {
  if (!base) return completeWidgetConfig(patch);
  return completeWidgetConfig({
    theme: { ...base.theme, ...patch.theme },
    texts: { ...base.texts, ...patch.texts },
    greeting: patch.greeting ?? base.greeting,
    tabs: { ...base.tabs, ...patch.tabs },
    features: { ...base.features, ...patch.features },
    locale: patch.locale ?? base.locale,
  });
}
