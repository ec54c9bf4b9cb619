/** The tag a site owner pastes into their pages to load the widget. */
export function installSnippet(publicUrl: string, botId: string): string {
  const base = publicUrl.replace(/\/+$/, '');
  return `<script src="${base}/widget/v1/loader.js" data-bot-id="${botId}" async></script>`;
}
