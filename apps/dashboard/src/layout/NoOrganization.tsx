import { EmptyState } from '../components/EmptyState';
import { usePageTitle } from '../hooks/usePageTitle';

export function NoOrganization({ onCreate }: { onCreate: () => void }) {
  usePageTitle('Welcome');
  return (
    <div className="page">
      <h1>Welcome to Parley</h1>
      <EmptyState title="You are not a member of any organization yet.">
        <p>Create an organization to add bots and invite your team, or ask an admin to invite you.</p>
        <button type="button" className="button button-primary" onClick={onCreate}>
          Create an organization
        </button>
      </EmptyState>
    </div>
  );
}
