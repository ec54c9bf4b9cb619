import { usePageTitle } from '../hooks/usePageTitle';
import { useCurrentOrg } from '../session/useCurrentOrg';
import { InvitationsSection } from './team/InvitationsSection';
import { MembersSection } from './team/MembersSection';

export function TeamPage() {
  usePageTitle('Team');
  const { org, canManage } = useCurrentOrg();
  return (
    <div className="page">
      <div className="page-header">
        <h1>Team</h1>
        <p className="lede">People who can sign in to {org.name}, and the invitations you have sent.</p>
      </div>
      <div className="stack-loose">
        <MembersSection />
        {canManage ? (
          <InvitationsSection />
        ) : (
          <p className="muted">Only owners and admins can change roles or invite people.</p>
        )}
      </div>
    </div>
  );
}
