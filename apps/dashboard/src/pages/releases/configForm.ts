import { WidgetConfig } from '@parley/contracts';
import type { Locale } from '@parley/contracts';

/** The editor's flat form state: one entry per WidgetConfig field. */
export interface ConfigForm {
  color: string;
  position: 'right' | 'left';
  launcherText: string;
  title: string;
  placeholder: string;
  awayMessage: string;
  greeting: string;
  tabAssistant: boolean;
  tabLiveSupport: boolean;
  typingIndicator: boolean;
  readReceipts: boolean;
  simulateCrash: boolean;
  locale: Locale;
}

export type ConfigFormField = keyof ConfigForm;

/** Where each form field lives in WidgetConfig (dotted path). */
export const configPaths: Record<ConfigFormField, string> = {
  color: 'theme.color',
  position: 'theme.position',
  launcherText: 'theme.launcherText',
  title: 'texts.title',
  placeholder: 'texts.placeholder',
  awayMessage: 'texts.awayMessage',
  greeting: 'greeting',
  tabAssistant: 'tabs.assistant',
  tabLiveSupport: 'tabs.liveSupport',
  typingIndicator: 'features.typingIndicator',
  readReceipts: 'features.readReceipts',
  simulateCrash: 'features.simulateCrash',
  locale: 'locale',
};

/** What the editor calls each field (also the diff's row names). */
export const configFieldLabels: Record<ConfigFormField, string> = {
  color: 'Colour',
  position: 'Position',
  launcherText: 'Launcher text',
  title: 'Title',
  placeholder: 'Message placeholder',
  awayMessage: 'Away message',
  greeting: 'Greeting',
  tabAssistant: 'Assistant tab',
  tabLiveSupport: 'Live support tab',
  typingIndicator: 'Typing indicator',
  readReceipts: 'Read receipts',
  simulateCrash: 'Simulate a crash',
  locale: 'Widget language',
};

export function configToForm(config: WidgetConfig): ConfigForm {
  return {
    color: config.theme.color,
    position: config.theme.position,
    launcherText: config.theme.launcherText,
    title: config.texts.title,
    placeholder: config.texts.placeholder,
    awayMessage: config.texts.awayMessage,
    greeting: config.greeting,
    tabAssistant: config.tabs.assistant,
    tabLiveSupport: config.tabs.liveSupport,
    typingIndicator: config.features.typingIndicator,
    readReceipts: config.features.readReceipts,
    simulateCrash: config.features.simulateCrash,
    locale: config.locale,
  };
}

/** The nested (not yet validated) config a form describes. */
export function formToConfigInput(form: ConfigForm) {
  return {
    theme: { color: form.color.trim(), position: form.position, launcherText: form.launcherText },
    texts: { title: form.title, placeholder: form.placeholder, awayMessage: form.awayMessage },
    greeting: form.greeting,
    tabs: { assistant: form.tabAssistant, liveSupport: form.tabLiveSupport },
    features: {
      typingIndicator: form.typingIndicator,
      readReceipts: form.readReceipts,
      simulateCrash: form.simulateCrash,
    },
    locale: form.locale,
  };
}

export type FormErrors = Partial<Record<ConfigFormField, string>>;

export type FormResult = { ok: true; config: WidgetConfig } | { ok: false; errors: FormErrors };

/** Validates the form with the contract's WidgetConfig schema; errors are keyed by form field. */
export function formToConfig(form: ConfigForm): FormResult {
  const parsed = WidgetConfig.safeParse(formToConfigInput(form));
  if (parsed.success) return { ok: true, config: parsed.data };
  const errors: FormErrors = {};
  for (const issue of parsed.error.issues) {
    const field = formFieldForPath(issue.path.map(String).join('.'));
    if (field && errors[field] === undefined) errors[field] = issue.message;
  }
  return { ok: false, errors };
}

export const configFields: readonly ConfigFormField[] = [
  'color',
  'position',
  'launcherText',
  'title',
  'placeholder',
  'awayMessage',
  'greeting',
  'tabAssistant',
  'tabLiveSupport',
  'typingIndicator',
  'readReceipts',
  'simulateCrash',
  'locale',
];

const fieldsByPath = new Map<string, ConfigFormField>(configFields.map((field) => [configPaths[field], field]));

/** A config path as the editor names it (`theme.launcherText` → "Launcher text"); a path the editor has no field for stays as it is. */
export function configPathLabel(path: string): string {
  const field = fieldsByPath.get(path);
  return field ? configFieldLabels[field] : path;
}

/**
 * The form field a (server or client) error path names: `config.theme.color`, `/body/config/theme/color`,
 * `theme.color` → `color`. Undefined when the path is not a config field.
 */
export function formFieldForPath(path: string): ConfigFormField | undefined {
  const segments = path.split(/[./[\]]+/).filter((s) => s.length > 0 && s !== 'body');
  const rest = segments[0] === 'config' ? segments.slice(1) : segments;
  return fieldsByPath.get(rest.join('.'));
}
