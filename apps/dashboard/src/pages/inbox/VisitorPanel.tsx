import { useEffect, useState } from 'react';
import { safeHref } from '@parley/contracts';
import type { ApiError } from '../../api/ApiError';
import { toApiError } from '../../api/ApiError';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate } from '../../components/formatDate';
import { Loading } from '../../components/Loading';
import { parseUserAgent } from '../../inbox/parseUserAgent';
import { useInbox } from '../../inbox/useInbox';
import { visitorName } from '../../inbox/visitorName';

const regionNames = typeof Intl.DisplayNames === 'function' ? new Intl.DisplayNames(undefined, { type: 'region' }) : null;

/** "Vietnam (VN)" for a two-letter code; anything else as it is. */
function countryName(country: string): string {
  if (!/^[A-Za-z]{2}$/.test(country)) return country;
  const code = country.toUpperCase();
  try {
    const name = regionNames?.of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}

/** Who the visitor is: identity, presence, page, browser, location. */
export function VisitorPanel({ conversationId }: { conversationId: string }) {
  const { state, epoch, refreshVisitor } = useInbox();
  const [error, setError] = useState<ApiError | null>(null);
  const visitorId = state.conversations[conversationId]?.visitorId;
  const visitor = visitorId ? state.visitors[visitorId] : undefined;
  const online = visitor?.online ?? false;

  // Fresh details on open, on reconnect, and when the visitor comes back (they may be on another page).
  useEffect(() => {
    if (!visitorId) return;
    refreshVisitor(visitorId).then(
      () => { setError(null); },
      (caught: unknown) => { setError(toApiError(caught)); },
    );
  }, [visitorId, epoch, online, refreshVisitor]);

  if (!visitorId) return null;
  if (!visitor) {
    return (
      <div className="visitor-panel">
        <h2>Visitor</h2>
        {error ? <ErrorAlert error={error} onRetry={() => void refreshVisitor(visitorId).catch(() => undefined)} /> : <Loading label="Loading visitor…" />}
      </div>
    );
  }

  const page = visitor.lastPageUrl;
  const pageHref = page ? safeHref(page) : null;
  return (
    <div className="visitor-panel">
      <h2>Visitor</h2>
      <div className="visitor-summary">
        <p className="visitor-name">{visitorName(visitor, visitor.id)}</p>
        <p className={online ? 'presence is-online' : 'presence'}>
          <span className="presence-dot" aria-hidden="true" />
          {online ? 'Online now' : 'Offline'}
        </p>
      </div>
      <dl className="visitor-details">
        <dt>Email</dt>
        <dd className="break">{visitor.email ?? <span className="muted">Not given</span>}</dd>
        <dt>Identity</dt>
        <dd>
          {visitor.verified ? (
            <>
              <span className="badge badge-verified">
                <span aria-hidden="true">✓ </span>Verified
              </span>
              {visitor.externalUserId ? (
                <>
                  {' '}
                  <span className="muted small">User ID</span> <code>{visitor.externalUserId}</code>
                </>
              ) : null}
            </>
          ) : (
            <span className="muted">Not verified</span>
          )}
        </dd>
        <dt>Current page</dt>
        <dd className="break">
          {pageHref ? (
            <a href={pageHref} target="_blank" rel="noopener noreferrer nofollow">
              {page}
            </a>
          ) : (
            (page ?? <span className="muted">Unknown</span>)
          )}
        </dd>
        <dt>Browser</dt>
        <dd title={visitor.userAgent ?? undefined}>{parseUserAgent(visitor.userAgent) ?? <span className="muted">Unknown</span>}</dd>
        <dt>Country</dt>
        <dd>{visitor.country ? countryName(visitor.country) : <span className="muted">Unknown</span>}</dd>
        <dt>City</dt>
        <dd>{visitor.city ?? <span className="muted">Unknown</span>}</dd>
        <dt>First seen</dt>
        <dd>{formatDate(visitor.firstSeenAt, true)}</dd>
        <dt>Last seen</dt>
        <dd>{formatDate(visitor.lastSeenAt, true)}</dd>
      </dl>
      {visitor.country ? (
        // The bundled DB-IP Lite data is CC BY 4.0: pages that show its results link back.
        <p className="muted small">
          <a href="https://db-ip.com" target="_blank" rel="noopener noreferrer">
            IP Geolocation by DB-IP
          </a>
        </p>
      ) : null}
      {error ? <ErrorAlert error={error} /> : null}
    </div>
  );
}
