// Two people editing the same form record: the second save, made over what the first saved, is
// refused (conflict, changed_elsewhere) and the first person's save stays; a save over an unchanged
// record goes through. Colophon, cover lines, publication settings, a photo's caption and credit.
import { afterEach, describe, expect, it } from 'vitest';
import type { Colophon, Masthead, Photo, Publication } from '../../src/shared/model';
import { signedIn } from '../support/people';
import { openSampleLibrary, removeTempDirs } from './helpers';

afterEach(removeTempDirs);

async function twoPeople() {
  const lib = openSampleLibrary();
  const wang = await signedIn(lib, { name: '王主编' });
  const li = await signedIn(lib, { name: '李主任' });
  return { lib, wang, li };
}

describe('form records refuse a save over someone else\'s newer one', () => {
  it('colophon', async () => {
    const { lib, wang, li } = await twoPeople();
    try {
      const read = await wang.call<Colophon>('getColophon', { issueId: 1 });
      const liRead = await li.call<Colophon>('getColophon', { issueId: 1 });
      const liSaved = await li.call<Colophon>('updateColophon', { issueId: 1, colophon: { ...liRead, editorialOfficeHeading: '李改的' }, base: liRead });
      expect(liSaved.editorialOfficeHeading).toBe('李改的');
      const refused = await wang.dispatch('updateColophon', { issueId: 1, colophon: { ...read, editorialOfficeHeading: '王改的' }, base: read });
      expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', details: { reason: 'changed_elsewhere', entity: 'colophon' } } });
      expect((await wang.call<Colophon>('getColophon', { issueId: 1 })).editorialOfficeHeading).toBe('李改的');
      // Read again, the save goes through.
      const again = await wang.call<Colophon>('getColophon', { issueId: 1 });
      expect((await wang.call<Colophon>('updateColophon', { issueId: 1, colophon: { ...again, editorialOfficeHeading: '王改的' }, base: again })).editorialOfficeHeading).toBe('王改的');
    } finally {
      lib.close();
    }
  });

  it('cover lines (masthead)', async () => {
    const { lib, wang, li } = await twoPeople();
    try {
      const read = (await wang.call<{ masthead: Masthead }>('getIssueOutline', { issueId: 1 })).masthead;
      await li.call('updateMasthead', { issueId: 1, masthead: { coverLines: ['李的要目'] }, base: read });
      const refused = await wang.dispatch('updateMasthead', { issueId: 1, masthead: { coverLines: ['王的要目'] }, base: read });
      expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', details: { reason: 'changed_elsewhere' } } });
      expect((await wang.call<{ masthead: Masthead }>('getIssueOutline', { issueId: 1 })).masthead.coverLines).toEqual(['李的要目']);
    } finally {
      lib.close();
    }
  });

  it('publication settings', async () => {
    const { lib, wang, li } = await twoPeople();
    try {
      const read = await wang.call<Publication>('getPublication', { publicationId: 1 });
      await li.call('updatePublication', { publicationId: 1, patch: { sponsor: '李改的主办单位' }, base: read });
      const refused = await wang.dispatch('updatePublication', { publicationId: 1, patch: { publisher: '王改的出版单位' }, base: read });
      expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', details: { reason: 'changed_elsewhere' } } });
      const now = await wang.call<Publication>('getPublication', { publicationId: 1 });
      expect(now.sponsor).toBe('李改的主办单位');
      expect(now.publisher).toBe(read.publisher);
    } finally {
      lib.close();
    }
  });

  it('a photo\'s caption and credit', async () => {
    const { lib, wang, li } = await twoPeople();
    try {
      const [photo] = await wang.call<Photo[]>('listPhotos', { issueId: 1 });
      const base = { caption: photo!.caption, credit: photo!.credit };
      await li.call('updatePhoto', { photoId: photo!.id, caption: '李改的图注', base });
      const refused = await wang.dispatch('updatePhoto', { photoId: photo!.id, caption: '王改的图注', base });
      expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', details: { reason: 'changed_elsewhere', entity: 'photo' } } });
      const [now] = await wang.call<Photo[]>('listPhotos', { issueId: 1 });
      expect(now!.caption).toBe('李改的图注');
    } finally {
      lib.close();
    }
  });
});

describe('a save that does not say what it replaces (no base) is refused and changes nothing', () => {
  const refusedForBase = { ok: false, error: { code: 'invalid_request', details: { path: 'base' } } };

  it('colophon', async () => {
    const { lib, wang } = await twoPeople();
    try {
      const read = await wang.call<Colophon>('getColophon', { issueId: 1 });
      expect(await wang.dispatch('updateColophon', { issueId: 1, colophon: { ...read, editorialOfficeHeading: '王改的' } })).toMatchObject(refusedForBase);
      expect(await wang.call<Colophon>('getColophon', { issueId: 1 })).toEqual(read);
    } finally {
      lib.close();
    }
  });

  it('cover lines (masthead)', async () => {
    const { lib, wang } = await twoPeople();
    try {
      const read = (await wang.call<{ masthead: Masthead }>('getIssueOutline', { issueId: 1 })).masthead;
      expect(await wang.dispatch('updateMasthead', { issueId: 1, masthead: { coverLines: ['王的要目'] } })).toMatchObject(refusedForBase);
      expect((await wang.call<{ masthead: Masthead }>('getIssueOutline', { issueId: 1 })).masthead).toEqual(read);
    } finally {
      lib.close();
    }
  });

  it('publication settings', async () => {
    const { lib, wang } = await twoPeople();
    try {
      const read = await wang.call<Publication>('getPublication', { publicationId: 1 });
      expect(await wang.dispatch('updatePublication', { publicationId: 1, patch: { publisher: '王改的出版单位' } })).toMatchObject(refusedForBase);
      expect(await wang.call<Publication>('getPublication', { publicationId: 1 })).toEqual(read);
    } finally {
      lib.close();
    }
  });

  it('a photo\'s caption and credit', async () => {
    const { lib, wang } = await twoPeople();
    try {
      const [photo] = await wang.call<Photo[]>('listPhotos', { issueId: 1 });
      expect(await wang.dispatch('updatePhoto', { photoId: photo!.id, caption: '王改的图注', credit: null })).toMatchObject(refusedForBase);
      const [now] = await wang.call<Photo[]>('listPhotos', { issueId: 1 });
      expect(now).toEqual(photo);
    } finally {
      lib.close();
    }
  });
});
