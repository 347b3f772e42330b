// The current person in the top bar: who is working (name and role), changed from a small form.
// Proof actions ask for it (requestPersonChooser) when nobody has been chosen yet.

import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PERSON_ROLES, type PersonRole } from '../../shared/proof';
import { choosePerson, onPersonChooserRequest, usePerson } from './person';

export function PersonChooser() {
  const { t } = useTranslation();
  const person = usePerson();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [role, setRole] = useState<PersonRole>('编辑');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => onPersonChooserRequest(() => setOpen(true)), []);
  useEffect(() => {
    if (!open) return;
    setName(person?.name ?? '');
    setRole(person?.role ?? '编辑');
    setError(null);
  }, [open, person]);

  function submit(e: React.FormEvent) {
    e.preventDefault();
    const result = choosePerson(name, role);
    if (!result.ok) {
      setError(t(`proof.person.${result.reason}`));
      return;
    }
    setOpen(false);
  }

  return (
    <div className="person-chooser">
      <button
        type="button"
        className={person ? 'person-current' : 'person-current person-missing'}
        data-testid="person-current"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        title={t('proof.person.change')}
      >
        {person ? t('proof.person.shown', { name: person.name, role: t(`proof.roles.${person.role}`) }) : t('proof.person.none')}
      </button>
      {open && (
        <form className="person-form" aria-label={t('proof.person.title')} onSubmit={submit}>
          <label>
            <span>{t('proof.person.name')}</span>
            <input value={name} maxLength={60} autoFocus onChange={(e) => setName(e.target.value)} />
          </label>
          <label>
            <span>{t('proof.person.role')}</span>
            <select value={role} onChange={(e) => setRole(e.target.value as PersonRole)}>
              {PERSON_ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`proof.roles.${r}`)}
                </option>
              ))}
            </select>
          </label>
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          <div className="person-actions">
            <button type="submit">{t('proof.person.confirm')}</button>
            <button type="button" onClick={() => setOpen(false)}>
              {t('proof.cancel')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
