import type { Intent } from '@parley/contracts';
import type { Api } from '../../api/createApi';
import { CheckboxField } from '../../components/CheckboxField';
import { Field } from '../../components/Field';
import { TextField } from '../../components/TextField';
import { EditorCard } from './EditorCard';
import { emptyResponse, formToIntentBody, intentToForm, ruleKindLabels, ruleKinds, type ResponseRow, type RuleRow } from './intentForm';
import { LocaleSelect } from './LocaleSelect';
import { parseLines } from './parseLines';
import { LinksEditor, QuickRepliesEditor } from './RichRowsEditor';
import { useEditorForm } from './useEditorForm';

interface IntentEditorProps {
  api: Api;
  botId: string;
  /** null: a new intent. */
  intent: Intent | null;
  canManage: boolean;
  onSaved: (intent: Intent, created: boolean) => void;
  onClose: () => void;
}

const inlineFields = ['name', 'examples', 'rules', 'responses', 'handoff'];

function isRuleKind(value: string): value is RuleRow['kind'] {
  return ruleKinds.some((k) => k === value);
}

export function IntentEditor({ api, botId, intent, canManage, onSaved, onClose }: IntentEditorProps) {
  const form = useEditorForm(
    () => intentToForm(intent),
    formToIntentBody,
    async (body) => {
      if (intent) onSaved(await api.updateIntent(botId, intent.id, body), false);
      else onSaved(await api.createIntent(botId, body), true);
    },
  );
  const { values, set, shown } = form;
  const title = intent ? `Intent ${intent.name}` : 'New intent';
  const exampleCount = parseLines(values.examplesText).length;

  function setRule(index: number, rule: RuleRow) {
    set('rules', values.rules.map((r, i) => (i === index ? rule : r)));
  }
  function setResponse(index: number, response: ResponseRow) {
    set('responses', values.responses.map((r, i) => (i === index ? response : r)));
  }

  return (
    <EditorCard form={form} title={title} canManage={canManage} submitLabel={intent ? 'Save intent' : 'Create intent'} inlineFields={inlineFields} onClose={onClose}>
      <TextField
        label="Intent name"
        hint="Letters, digits, _, . or -, e.g. opening_hours."
        required
        maxLength={64}
        value={values.name}
        error={shown.name}
        onChange={(v) => { set('name', v); }}
      />
      <Field
        label="Examples"
        hint={`One example message per line, in any of the bot’s languages (${exampleCount} ${exampleCount === 1 ? 'example' : 'examples'}).`}
        error={shown.examples}
      >
        {(control) => (
          <textarea
            {...control}
            className="textarea"
            rows={6}
            value={values.examplesText}
            onChange={(event) => { set('examplesText', event.currentTarget.value); }}
          />
        )}
      </Field>

      <fieldset className="rows-fieldset">
        <legend>Rules</legend>
        <p className="hint">A matching rule picks this intent before the classifier: exact message, contained words, or a regular expression.</p>
        {values.rules.map((rule, index) => (
          <div key={index} className="row-editor">
            <Field label={`Rule ${index + 1} kind`}>
              {(control) => (
                <select
                  {...control}
                  className="select"
                  value={rule.kind}
                  onChange={(event) => {
                    const kind = event.currentTarget.value;
                    if (isRuleKind(kind)) setRule(index, { ...rule, kind });
                  }}
                >
                  {ruleKinds.map((k) => (
                    <option key={k} value={k}>
                      {ruleKindLabels[k]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <TextField
              label={`Rule ${index + 1} pattern`}
              className="grow"
              maxLength={200}
              value={rule.pattern}
              error={shown[`rules.${index}`]}
              onChange={(pattern) => { setRule(index, { ...rule, pattern }); }}
            />
            <button
              type="button"
              className="button button-ghost button-small"
              aria-label={`Remove rule ${index + 1}`}
              onClick={() => { set('rules', values.rules.filter((_, i) => i !== index)); }}
            >
              Remove
            </button>
          </div>
        ))}
        {shown.rules ? <p className="field-error">{shown.rules}</p> : null}
        <div>
          <button
            type="button"
            className="button button-secondary button-small"
            disabled={values.rules.length >= 50}
            onClick={() => { set('rules', [...values.rules, { kind: 'keyword', pattern: '' }]); }}
          >
            Add rule
          </button>
        </div>
      </fieldset>

      <fieldset className="rows-fieldset">
        <legend>Responses</legend>
        <p className="hint">The bot picks a response for the visitor’s language (or one for any language).</p>
        {values.responses.map((response, index) => {
          const context = `Response ${index + 1}`;
          return (
            <div key={index} className="response-editor stack">
              <div className="section-header">
                <h3>{context}</h3>
                <button
                  type="button"
                  className="button button-ghost button-small"
                  aria-label={`Remove response ${index + 1}`}
                  onClick={() => { set('responses', values.responses.filter((_, i) => i !== index)); }}
                >
                  Remove
                </button>
              </div>
              <Field label={`${context} text`} error={shown[`responses.${index}.text`]}>
                {(control) => (
                  <textarea
                    {...control}
                    className="textarea"
                    rows={3}
                    maxLength={4000}
                    value={response.text}
                    onChange={(event) => { setResponse(index, { ...response, text: event.currentTarget.value }); }}
                  />
                )}
              </Field>
              <LocaleSelect
                label={`${context} language`}
                anyLabel="Any language"
                value={response.locale}
                error={shown[`responses.${index}.locale`]}
                onChange={(locale) => { setResponse(index, { ...response, locale }); }}
              />
              <QuickRepliesEditor
                rows={response.quickReplies}
                context={context}
                errorPrefix={`responses.${index}.quickReplies`}
                errors={shown}
                onChange={(quickReplies) => { setResponse(index, { ...response, quickReplies }); }}
              />
              <LinksEditor
                rows={response.links}
                context={context}
                errorPrefix={`responses.${index}.links`}
                errors={shown}
                onChange={(links) => { setResponse(index, { ...response, links }); }}
              />
              {shown[`responses.${index}`] ? <p className="field-error">{shown[`responses.${index}`]}</p> : null}
            </div>
          );
        })}
        {shown.responses ? <p className="field-error">{shown.responses}</p> : null}
        <div>
          <button
            type="button"
            className="button button-secondary button-small"
            disabled={values.responses.length >= 20}
            onClick={() => { set('responses', [...values.responses, { ...emptyResponse }]); }}
          >
            Add response
          </button>
        </div>
      </fieldset>

      <CheckboxField
        label="Hand off to a person"
        description="When this intent is recognised, the conversation goes to the agents’ queue (after the response, if any)."
        checked={values.handoff}
        error={shown.handoff}
        onChange={(v) => { set('handoff', v); }}
      />
    </EditorCard>
  );
}
