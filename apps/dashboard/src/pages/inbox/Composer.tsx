import { useEffect, useId, useRef, useState } from 'react';
import type { KeyboardEvent, SubmitEvent } from 'react';
import { MAX_MESSAGE_LENGTH } from '@parley/contracts';
import { useInbox } from '../../inbox/useInbox';

type Mode = 'reply' | 'note';

/** Re-send "typing" this often while the agent keeps typing, and stop after this much idle time. */
const TYPING_REFRESH_MS = 2_000;
const TYPING_IDLE_MS = 3_000;

interface TypingState {
  active: boolean;
  lastSent: number;
  idle: number | undefined;
}

/** Reply or internal note: Enter sends, Shift+Enter adds a line. The visitor sees "typing" for replies only. */
export function Composer({ conversationId }: { conversationId: string }) {
  const { send, setTyping } = useInbox();
  const [mode, setMode] = useState<Mode>('reply');
  const [draft, setDraft] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const typing = useRef<TypingState>({ active: false, lastSent: 0, idle: undefined });
  const id = useId();
  const note = mode === 'note';

  function stopTyping() {
    const t = typing.current;
    window.clearTimeout(t.idle);
    if (t.active) {
      t.active = false;
      setTyping(conversationId, false);
    }
  }

  useEffect(() => {
    const t = typing.current;
    return () => {
      window.clearTimeout(t.idle);
      if (t.active) {
        t.active = false;
        setTyping(conversationId, false);
      }
    };
  }, [conversationId, setTyping]);

  function change(value: string) {
    setDraft(value);
    setProblem(null);
    if (note || value.trim() === '') {
      stopTyping();
      return;
    }
    const t = typing.current;
    const now = Date.now();
    if (!t.active || now - t.lastSent >= TYPING_REFRESH_MS) {
      t.active = true;
      t.lastSent = now;
      setTyping(conversationId, true);
    }
    window.clearTimeout(t.idle);
    t.idle = window.setTimeout(stopTyping, TYPING_IDLE_MS);
  }

  function submit() {
    const body = draft.trim();
    if (!body) {
      setProblem(note ? 'Write the note first.' : 'Write a reply first.');
      return;
    }
    if (body.length > MAX_MESSAGE_LENGTH) {
      setProblem(`Messages can be at most ${MAX_MESSAGE_LENGTH} characters.`);
      return;
    }
    stopTyping();
    send(conversationId, body, note);
    setDraft('');
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  }

  function onSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    submit();
  }

  const remaining = MAX_MESSAGE_LENGTH - draft.length;
  const describedBy = [`${id}-hint`, `${id}-count`, problem ? `${id}-error` : null].filter((s): s is string => s !== null);

  return (
    <form className={note ? 'composer composer-note' : 'composer'} onSubmit={onSubmit}>
      <div className="composer-modes" role="group" aria-label="Message type">
        <button
          type="button"
          className="composer-mode"
          aria-pressed={!note}
          onClick={() => { setMode('reply'); }}
        >
          Reply
        </button>
        <button
          type="button"
          className="composer-mode"
          aria-pressed={note}
          onClick={() => {
            stopTyping();
            setMode('note');
          }}
        >
          Internal note
        </button>
      </div>
      <label htmlFor={id} className="sr-only">
        {note ? 'Internal note' : 'Reply'} message
      </label>
      <textarea
        id={id}
        className="textarea composer-input"
        rows={3}
        value={draft}
        maxLength={MAX_MESSAGE_LENGTH}
        placeholder={note ? 'Write a note for your team…' : 'Write a reply…'}
        aria-describedby={describedBy.join(' ')}
        aria-invalid={problem ? true : undefined}
        onChange={(event) => { change(event.currentTarget.value); }}
        onKeyDown={onKeyDown}
        onBlur={stopTyping}
      />
      {problem ? (
        <p id={`${id}-error`} className="field-error">
          {problem}
        </p>
      ) : null}
      <div className="composer-footer">
        <p id={`${id}-hint`} className="hint">
          {note ? 'Only your team sees internal notes. ' : 'The visitor sees this reply. '}
          Enter sends, Shift+Enter adds a line.
        </p>
        <span id={`${id}-count`} className={remaining < 200 ? 'composer-count is-near-limit' : 'composer-count'}>
          {draft.length}/{MAX_MESSAGE_LENGTH}
          <span className="sr-only"> characters</span>
        </span>
        <button type="submit" className="button button-primary button-small">
          {note ? 'Add note' : 'Send reply'}
        </button>
      </div>
    </form>
  );
}
