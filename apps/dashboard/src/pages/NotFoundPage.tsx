import { Link } from 'react-router';
import { usePageTitle } from '../hooks/usePageTitle';

export function NotFoundPage() {
  usePageTitle('Not found');
  return (
    <div className="page">
      <h1>Page not found</h1>
      <p>
        There is nothing here. <Link to="/bots">Go to your bots</Link>.
      </p>
    </div>
  );
}
