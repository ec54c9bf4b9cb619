import { useCallback, useState } from 'react';
import type { Bot, KnowledgeDocument } from '@parley/contracts';
import type { Api } from '../../api/createApi';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate } from '../../components/formatDate';
import { Loading } from '../../components/Loading';
import { TableHead } from '../../components/TableHead';
import { useResource } from '../../hooks/useResource';
import { useNotify } from '../../notify/useNotify';
import { DocumentUploadForm } from './DocumentUploadForm';
import { DocumentViewer } from './DocumentViewer';
import { formatBytes } from './documentFile';
import { PasteDocumentForm } from './PasteDocumentForm';
import { RowActions } from './RowActions';

interface TabProps {
  api: Api;
  bot: Bot;
  canManage: boolean;
}

const formatLabels: Record<KnowledgeDocument['format'], string> = { text: 'Text', markdown: 'Markdown', html: 'HTML' };

export function DocumentsTab({ api, bot, canManage }: TabProps) {
  const notify = useNotify();
  const load = useCallback((signal: AbortSignal) => api.listDocuments(bot.id, signal), [api, bot.id]);
  const documents = useResource(load);
  const [viewing, setViewing] = useState<KnowledgeDocument | null>(null);
  const [deleting, setDeleting] = useState<KnowledgeDocument | null>(null);

  function added(document: KnowledgeDocument) {
    documents.update((list) => [document, ...list.filter((d) => d.id !== document.id)]);
    notify(`“${document.title}” added: ${document.chunkCount} ${document.chunkCount === 1 ? 'chunk' : 'chunks'}`);
  }

  async function remove(document: KnowledgeDocument) {
    await api.deleteDocument(bot.id, document.id);
    documents.update((list) => list.filter((d) => d.id !== document.id));
    setDeleting(null);
    if (viewing?.id === document.id) setViewing(null);
    notify(`“${document.title}” deleted`);
  }

  return (
    <div className="stack-loose">
      {canManage ? (
        <div className="split-even">
          <DocumentUploadForm api={api} bot={bot} onAdded={added} />
          <PasteDocumentForm api={api} bot={bot} onAdded={added} />
        </div>
      ) : null}

      <section className="card stack" aria-labelledby="documents-title">
        <h2 id="documents-title">Documents</h2>
        {documents.state.status === 'loading' ? <Loading label="Loading documents…" /> : null}
        {documents.state.status === 'error' ? <ErrorAlert error={documents.state.error} onRetry={documents.reload} /> : null}
        {documents.state.status === 'ready' && documents.state.data.length === 0 ? (
          <EmptyState title="No documents yet">
            <p>Upload help pages, policies or product notes: the bot answers from their passages.</p>
          </EmptyState>
        ) : null}
        {documents.state.status === 'ready' && documents.state.data.length > 0 ? (
          <table className="table">
            <caption className="sr-only">Documents</caption>
            <TableHead columns={['Title', 'Format', 'Language', 'Size', 'Chunks', 'Added']} />
            <tbody>
              {documents.state.data.map((d) => (
                <tr key={d.id} className={viewing?.id === d.id ? 'is-selected' : undefined}>
                  <td data-label="Title">{d.title}</td>
                  <td data-label="Format">{formatLabels[d.format]}</td>
                  <td data-label="Language">{d.locale}</td>
                  <td data-label="Size">{formatBytes(d.bytes)}</td>
                  <td data-label="Chunks">{d.chunkCount}</td>
                  <td data-label="Added">{formatDate(d.createdAt, true)}</td>
                  <RowActions name={`document ${d.title}`} openLabel="View" onOpen={() => { setViewing(d); }} onDelete={canManage ? () => { setDeleting(d); } : undefined} />
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>

      {viewing ? <DocumentViewer key={viewing.id} api={api} botId={bot.id} document={viewing} onClose={() => { setViewing(null); }} /> : null}

      {deleting ? (
        <ConfirmDialog
          title={`Delete “${deleting.title}”?`}
          confirmLabel="Delete document"
          onConfirm={() => remove(deleting)}
          onCancel={() => { setDeleting(null); }}
        >
          <p>Its text and chunks are removed; the bot no longer answers from it.</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
