import { useId, useState } from 'react';
import type { SubmitEvent } from 'react';
import type { AssistantTestResult, Bot, Locale } from '@parley/contracts';
import type { Api } from '../../api/createApi';
import { CheckboxField } from '../../components/CheckboxField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Field } from '../../components/Field';
import { SubmitButton } from '../../components/SubmitButton';
import { useAsyncAction } from '../../hooks/useAsyncAction';
import { RichParts } from '../../components/RichParts';
import { LocaleSelect } from './LocaleSelect';
import { formatConfidence, formatMs, stageRows, summarizeResult } from './stageTable';

interface TestConsoleProps {
  api: Api;
  bot: Bot;
}

/** Ask the bot a question without a visitor: which stage answers, how sure it is, and how long each stage took. */
export function TestConsoleTab({ api, bot }: TestConsoleProps) {
  const id = useId();
  const [text, setText] = useState('');
  const [locale, setLocale] = useState<Locale | ''>('');
  const [useLlm, setUseLlm] = useState(false);
  const [result, setResult] = useState<{ question: string; answer: AssistantTestResult } | null>(null);
  const { pending, error, run } = useAsyncAction();

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const question = text.trim();
    if (!question) return;
    await run(async () => {
      const answer = await api.testAssistant(bot.id, { text: question, useLlm, ...(locale ? { locale } : {}) });
      setResult({ question, answer });
    });
  }

  return (
    <div className="stack-loose">
      <form className="card stack" aria-labelledby={`${id}-title`} onSubmit={(event) => void submit(event)}>
        <h2 id={`${id}-title`}>Test console</h2>
        <p className="muted">Nothing is sent to visitors and no conversation is created.</p>
        <Field label="Visitor message">
          {(control) => (
            <textarea
              {...control}
              className="textarea"
              rows={2}
              maxLength={4000}
              required
              value={text}
              onChange={(event) => { setText(event.currentTarget.value); }}
              onKeyDown={(event) => {
                if (event.key === 'Enter' && !event.shiftKey) {
                  event.preventDefault();
                  event.currentTarget.form?.requestSubmit();
                }
              }}
            />
          )}
        </Field>
        <div className="form-grid">
          <LocaleSelect
            label="Visitor language"
            anyLabel={`Bot default (${bot.locale})`}
            value={locale}
            onChange={setLocale}
          />
          <CheckboxField
            label="Use LLM"
            description="Also ask the LLM when the fast stages have no answer (uses tokens)."
            checked={useLlm}
            onChange={setUseLlm}
          />
        </div>
        <ErrorAlert error={error} />
        <div>
          <SubmitButton label="Ask" pendingLabel="Asking…" pending={pending} />
        </div>
      </form>
      {result ? <TestResult question={result.question} result={result.answer} /> : null}
    </div>
  );
}

function TestResult({ question, result }: { question: string; result: AssistantTestResult }) {
  const rows = stageRows(result.stages);
  const sources = result.rich.sources ?? [];
  return (
    <section className="card stack" aria-labelledby="test-result-title" data-testid="test-result">
      <h2 id="test-result-title">Result</h2>
      <p className="muted small">“{question}”</p>
      <dl className="details result-facts">
        <dt>Outcome</dt>
        <dd data-testid="test-summary">{summarizeResult(result)}</dd>
        <dt>Answered by</dt>
        <dd data-testid="test-answered-by">{result.answeredBy ?? '—'}</dd>
        <dt>Confidence</dt>
        <dd>{formatConfidence(result.confidence)}</dd>
        <dt>Intent</dt>
        <dd>{result.intent ? <code>{result.intent}</code> : '—'}</dd>
      </dl>
      <div className="test-answer">
        <p className="label">{result.kind === 'handoff' ? 'Told to the visitor (handed off)' : 'Answer'}</p>
        <p className="bot-bubble" data-testid="test-answer">
          {result.text ?? <span className="muted">(no message)</span>}
        </p>
        <RichParts rich={result.rich} linksClassName="plain-list" quickRepliesLabel="Quick replies" linksLabel="Links" />
        {sources.length > 0 ? (
          <p className="muted small">
            Sources: {sources.map((s) => s.title).join(', ')}
          </p>
        ) : null}
      </div>
      <table className="table stage-table">
        <caption>Pipeline stages</caption>
        <thead>
          <tr>
            <th scope="col">Stage</th>
            <th scope="col">Outcome</th>
            <th scope="col" className="num">Time</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i} className={row.decisive ? 'is-decisive' : undefined} aria-current={row.decisive ? 'true' : undefined}>
              <td>{row.stage}</td>
              <td>{row.outcome}</td>
              <td className="num">{row.ms}</td>
              <td>{row.detail}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={2}>
              Total
            </th>
            <td className="num" data-testid="test-total-ms">
              {formatMs(result.totalMs)}
            </td>
            <td />
          </tr>
        </tfoot>
      </table>
    </section>
  );
}
