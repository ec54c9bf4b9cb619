import { Navigate, Route, Routes } from 'react-router';
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
        <Route path="team" element={<TeamPage />} />
        <Route path="api-keys" element={<ApiKeysPage />} />
        <Route path="account" element={<AccountPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
