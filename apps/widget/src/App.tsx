import { useEffect, useState } from 'preact/hooks';
import type { Widget } from './createWidget.js';
import { Panel } from './Panel.js';

export function App({ widget }: { widget: Widget }) {
  const [view, setView] = useState(widget.view());
  useEffect(() => {
    const unsubscribe = widget.subscribe(() => setView(widget.view()));
    // Effects run after paint: the host's `init` may have arrived since the first render.
    setView(widget.view());
    return unsubscribe;
  }, [widget]);
  const { init, session, open, announcement } = view;
  return (
    <>
      {init && session && <Panel init={init} session={session} chat={session.state()} open={open} onClose={widget.close} />}
      <div class="sr" aria-live="polite" aria-atomic="true">
        {announcement}
      </div>
    </>
  );
}
