import { useCallback, useState } from 'react';
import type { Bot, Faq } from '@parley/contracts';
import type { Api } from '../../api/createApi';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { TableHead } from '../../components/TableHead';
import { useResource } from '../../hooks/useResource';
import { useNotify } from '../../notify/useNotify';
import { FaqEditor } from './FaqEditor';
import { RowActions } from './RowActions';

interface TabProps {
  api: Api;
  bot: Bot;
  canManage: boolean;
}

function excerpt(text: string, max = 120): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function FaqsTab({ api, bot, canManage }: TabProps) {
  const notify = useNotify();
  const load = useCallback((signal: AbortSignal) => api.listFaqs(bot.id, signal), [api, bot.id]);
  const faqs = useResource(load);
  const [editing, setEditing] = useState<Faq | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Faq | null>(null);

  function saved(faq: Faq, created: boolean) {
    faqs.update((list) => (created ? [...list, faq] : list.map((f) => (f.id === faq.id ? faq : f))));
    setEditing(null);
    notify(created ? 'FAQ added' : 'FAQ saved');
  }

  async function remove(faq: Faq) {
    await api.deleteFaq(bot.id, faq.id);
    faqs.update((list) => list.filter((f) => f.id !== faq.id));
    setDeleting(null);
    if (editing !== null && editing !== 'new' && editing.id === faq.id) setEditing(null);
    notify('FAQ deleted');
  }

  return (
    <div className="stack-loose">
      <section className="card stack" aria-labelledby="faqs-title">
        <div className="section-header">
          <h2 id="faqs-title">FAQs</h2>
          {canManage ? (
            <button type="button" className="button button-primary" onClick={() => { setEditing('new'); }} disabled={editing === 'new'}>
              New FAQ
            </button>
          ) : null}
        </div>
        {faqs.state.status === 'loading' ? <Loading label="Loading FAQs…" /> : null}
        {faqs.state.status === 'error' ? <ErrorAlert error={faqs.state.error} onRetry={faqs.reload} /> : null}
        {faqs.state.status === 'ready' && faqs.state.data.length === 0 ? (
          <EmptyState title="No FAQs yet">
            <p>Add the questions visitors ask most, with a few ways of asking each, and the answer.</p>
          </EmptyState>
        ) : null}
        {faqs.state.status === 'ready' && faqs.state.data.length > 0 ? (
          <table className="table">
            <caption className="sr-only">FAQs</caption>
            <TableHead columns={['Question', 'Variants', 'Language', 'Answer']} />
            <tbody>
              {faqs.state.data.map((faq) => {
                const question = faq.questions[0] ?? '';
                return (
                  <tr key={faq.id}>
                    <td data-label="Question">{question}</td>
                    <td data-label="Variants">{faq.questions.length}</td>
                    <td data-label="Language">{faq.locale}</td>
                    <td data-label="Answer" className="answer-cell">
                      {excerpt(faq.answer)}
                    </td>
                    <RowActions name={`FAQ ${question}`} openLabel={canManage ? 'Edit' : 'View'} onOpen={() => { setEditing(faq); }} onDelete={canManage ? () => { setDeleting(faq); } : undefined} />
                  </tr>
                );
              })}
            </tbody>
          </table>
        ) : null}
      </section>

      {editing !== null ? (
        <FaqEditor
          key={editing === 'new' ? 'new' : `${editing.id}:${editing.updatedAt}`}
          api={api}
          bot={bot}
          faq={editing === 'new' ? null : editing}
          canManage={canManage}
          onSaved={saved}
          onClose={() => { setEditing(null); }}
        />
      ) : null}

      {deleting ? (
        <ConfirmDialog
          title="Delete this FAQ?"
          confirmLabel="Delete FAQ"
          onConfirm={() => remove(deleting)}
          onCancel={() => { setDeleting(null); }}
        >
          <p>“{deleting.questions[0]}” will no longer be answered from this FAQ.</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
