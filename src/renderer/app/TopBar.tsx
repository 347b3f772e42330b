import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language } from '../../shared/i18n';
import { switchLanguage } from '../i18n/language';
import { SearchBox } from '../search/SearchBox';
import { UserMenu } from '../auth/UserMenu';
import { navigate, parseRoute } from './route';

export function TopBar({ context }: { context: string | null }) {
  const { t, i18n } = useTranslation();
  return (
    <header className="top-bar">
      <button type="button" className="brand" onClick={() => navigate({ view: 'library' })} title={t('topBar.library')}>
        {t('appName')}
      </button>
      <nav className="crumbs" aria-label={t('topBar.library')}>
        <button type="button" className="link" onClick={() => navigate({ view: 'library' })}>
          {t('topBar.library')}
        </button>
        {context && <span className="crumb">{context}</span>}
      </nav>
      <button type="button" className="settings-open" onClick={() => navigate(settingsRouteFrom(window.location.hash))}>
        {t('settings.open')}
      </button>
      <SearchBox />
      <UserMenu />
      <div className="language-switch" role="group" aria-label={t('topBar.language')}>
        {LANGUAGES.map((lang: Language) => (
          <button
            key={lang}
            type="button"
            lang={lang}
            aria-pressed={i18n.language === lang}
            onClick={() => void switchLanguage(i18n, lang)}
          >
            {t(`topBar.languages.${lang}`)}
          </button>
        ))}
      </div>
    </header>
  );
}

/** Settings opened from an issue keep that issue (its 版权页 is one of the sections). */
function settingsRouteFrom(hash: string) {
  const here = parseRoute(hash);
  const issueId = here.view === 'issue' || here.view === 'settings' ? here.issueId : null;
  return { view: 'settings' as const, issueId, section: 'info' };
}
