import { useCallback, useId } from 'react';
import type { KnowledgeDocument } from '@parley/contracts';
import type { Api } from '../../api/createApi';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useResource } from '../../hooks/useResource';
import { formatBytes } from './documentFile';

interface ViewerProps {
  api: Api;
  botId: string;
  document: KnowledgeDocument;
  onClose: () => void;
}

/**
 * A document's stored text and its chunks, always as text: HTML or script in a document is shown
 * literally (React escapes it), never rendered.
 */
export function DocumentViewer({ api, botId, document, onClose }: ViewerProps) {
  const titleId = useId();
  const load = useCallback((signal: AbortSignal) => api.getDocument(botId, document.id, signal), [api, botId, document.id]);
  const detail = useResource(load);

  return (
    <section className="card stack" aria-labelledby={titleId}>
      <div className="section-header">
        <h2 id={titleId}>{document.title}</h2>
        <button type="button" className="button button-ghost button-small" onClick={onClose}>
          Close
        </button>
      </div>
      <p className="muted small">
        {document.format} · {document.locale} · {formatBytes(document.bytes)} · {document.chunkCount}{' '}
        {document.chunkCount === 1 ? 'chunk' : 'chunks'}
        {document.sourceUrl ? ` · ${document.sourceUrl}` : ''}
      </p>
      {detail.state.status === 'loading' ? <Loading label="Loading document…" /> : null}
      {detail.state.status === 'error' ? <ErrorAlert error={detail.state.error} onRetry={detail.reload} /> : null}
      {detail.state.status === 'ready' ? (
        <>
          <details className="document-source">
            <summary>Stored text</summary>
            <pre className="document-text" data-testid="document-text">
              {detail.state.data.content}
            </pre>
          </details>
          <h3>Chunks</h3>
          <ol className="chunk-list" aria-label="Chunks">
            {detail.state.data.chunks.map((chunk) => (
              <li key={chunk.position} className="chunk">
                {chunk.heading ? <p className="chunk-heading">{chunk.heading}</p> : null}
                <pre className="document-text">{chunk.text}</pre>
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </section>
  );
}
