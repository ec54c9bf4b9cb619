import { lazy, Suspense } from 'react';
import type { ReactNode } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { Loading } from './components/Loading';
import { AppShell } from './layout/AppShell';
import { RequireSession } from './layout/RequireSession';
import { AcceptInvitationPage } from './pages/AcceptInvitationPage';
import { AccountPage } from './pages/AccountPage';
import { ApiKeysPage } from './pages/ApiKeysPage';
import { BotSettingsPage } from './pages/BotSettingsPage';
import { BotsPage } from './pages/BotsPage';
import { InboxPage } from './pages/InboxPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { ReleasesPage } from './pages/releases/ReleasesPage';
import { SignInPage } from './pages/SignInPage';
import { TeamPage } from './pages/TeamPage';

// Pages only admins open now and then are loaded on demand.
const AssistantPage = lazy(() => import('./pages/assistant/AssistantPage').then((m) => ({ default: m.AssistantPage })));
const WebhooksPage = lazy(() => import('./pages/webhooks/WebhooksPage').then((m) => ({ default: m.WebhooksPage })));

function Deferred({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Loading label="Loading page…" />}>{children}</Suspense>;
}

export function App() {
  return (
    <Routes>
      <Route path="/login" element={<SignInPage />} />
      <Route path="/invite/:token" element={<AcceptInvitationPage />} />
      <Route
        element={
          <RequireSession>
            <AppShell />
          </RequireSession>
        }
      >
        <Route index element={<Navigate to="/bots" replace />} />
        <Route path="inbox/:conversationId?" element={<InboxPage />} />
        <Route path="bots" element={<BotsPage />} />
        <Route path="bots/:id" element={<BotSettingsPage />} />
        <Route path="bots/:id/releases" element={<ReleasesPage />} />
        <Route path="bots/:id/assistant" element={<Deferred><AssistantPage /></Deferred>} />
        <Route path="team" element={<TeamPage />} />
        <Route path="api-keys" element={<ApiKeysPage />} />
        <Route path="webhooks" element={<Deferred><WebhooksPage /></Deferred>} />
        <Route path="account" element={<AccountPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
