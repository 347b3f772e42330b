import { useState } from 'react';
import { AuthGate } from '../auth/AuthGate';
import { IssueView } from '../outline/IssueView';
import { LibraryView } from '../library/LibraryView';
import { SettingsView, type SettingsSection } from '../settings/SettingsView';
import { TopBar } from './TopBar';
import { useRoute } from './route';

export function App() {
  return (
    <AuthGate>
      <Screens />
    </AuthGate>
  );
}

function Screens() {
  const route = useRoute();
  const [context, setContext] = useState<string | null>(null);
  return (
    <div className="app">
      <TopBar context={route.view === 'issue' ? context : null} />
      {route.view === 'library' ? (
        <LibraryView />
      ) : route.view === 'settings' ? (
        <SettingsView issueId={route.issueId} section={route.section as SettingsSection | null} />
      ) : (
        <IssueView key={route.issueId} issueId={route.issueId} articleId={route.articleId} onContext={setContext} />
      )}
    </div>
  );
}
