import { useState } from 'react';
import { IssueView } from '../outline/IssueView';
import { LibraryView } from '../library/LibraryView';
import { TopBar } from './TopBar';
import { useRoute } from './route';

export function App() {
  const route = useRoute();
  const [context, setContext] = useState<string | null>(null);
  return (
    <div className="app">
      <TopBar context={route.view === 'issue' ? context : null} />
      {route.view === 'library' ? (
        <LibraryView />
      ) : (
        <IssueView key={route.issueId} issueId={route.issueId} articleId={route.articleId} onContext={setContext} />
      )}
    </div>
  );
}
