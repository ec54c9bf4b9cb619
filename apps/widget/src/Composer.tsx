import type { RefObject } from 'preact';
import { useLayoutEffect, useState } from 'preact/hooks';
import { Icon } from './Icon.js';
import type { Texts } from './texts.js';
import { MAX_MESSAGE_LENGTH, messageLength } from './types.js';

interface Props {
  texts: Texts;
  /** The release's placeholder, or the built-in one. */
  placeholder: string;
  locale: string;
  inputRef: RefObject<HTMLTextAreaElement | null>;
  /** `sent` clears the field; anything else keeps the text so that nothing is lost. */
  onSend: (text: string) => 'sent' | 'empty' | 'too_long';
  onTyping: (text: string) => void;
  describedBy: string | undefined;
}

/** Show a counter once the text gets close to the limit. */
const COUNTER_FROM = MAX_MESSAGE_LENGTH - 500;

export function Composer({ texts, placeholder, locale, inputRef, onSend, onTyping, describedBy }: Props) {
  const [text, setText] = useState('');

  // Grow with the text (CSS caps the height).
  useLayoutEffect(() => {
    const el = inputRef.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${el.scrollHeight}px`;
  }, [text, inputRef]);

  const submit = () => {
    if (onSend(text) === 'sent') setText('');
  };

  const onKeyDown = (event: KeyboardEvent) => {
    // Enter sends, Shift+Enter is a new line; never while an IME (e.g. Vietnamese Telex) composes.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
      event.preventDefault();
      submit();
    }
  };

  const length = messageLength(text.trim());
  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <textarea
        ref={inputRef}
        rows={1}
        value={text}
        placeholder={placeholder}
        aria-label={placeholder}
        aria-describedby={describedBy}
        aria-invalid={length > MAX_MESSAGE_LENGTH}
        onInput={(event) => {
          const value = event.currentTarget.value;
          setText(value);
          onTyping(value);
        }}
        onKeyDown={onKeyDown}
      />
      {length >= COUNTER_FROM && (
        <span class={`count${length > MAX_MESSAGE_LENGTH ? ' over' : ''}`} aria-live="polite">
          {length.toLocaleString(locale)} / {MAX_MESSAGE_LENGTH.toLocaleString(locale)}
        </span>
      )}
      <button type="submit" class="send" aria-label={texts.send} title={texts.send}>
        <Icon name="send" />
      </button>
    </form>
  );
}
