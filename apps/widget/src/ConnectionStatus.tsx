import type { ConnectionState } from './chatSession.js';
import type { Texts } from './texts.js';

/** A thin line under the header while not connected; a polite live region. */
export function ConnectionStatus({ state, texts }: { state: ConnectionState; texts: Texts }) {
  return (
    <div class={`conn conn-${state}`} role="status">
      {state === 'online' ? '' : texts[state]}
    </div>
  );
}
