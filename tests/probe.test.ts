import fs from 'node:fs';
import { Session } from 'node:inspector';
import { it } from 'vitest';
import { openSampleLibrary } from './node/helpers';
import { createLibraryService } from '../src/node/services/library-service';
import { createLayoutService } from '../src/node/services/layout-service';
import { blocksFromDoc, docFromBlocks } from '../src/shared/article-doc';
it('p', async () => {
  const lib = openSampleLibrary();
  const store = createLibraryService(lib);
  const id = store.listIssues({})[0]!.id;
  const ids = store.getIssueOutline({ issueId: id }).sections.flatMap((s) => s.articles.map((a) => a.id));
  const svc = createLayoutService(lib);
  const aid = ids[10]!;
  svc.layoutArticle({ articleId: aid });
  const blocks = blocksFromDoc(store.getArticle({ articleId: aid }).body);
  const s = new Session(); s.connect();
  const post = (m: string, p?: object) => new Promise<any>((res, rej) => s.post(m, p ?? {}, (e, r) => (e ? rej(e) : res(r))));
  await post('Profiler.enable'); await post('Profiler.start');
  const t = performance.now();
  for (let k = 0; k < 60; k++) {
    const body = docFromBlocks(blocks.map((b, i) => (i === 3 ? { ...b, text: b.text + '字'.repeat((k % 30) + 1) } : b)));
    svc.layoutArticle({ articleId: aid, draft: { body } });
  }
  console.log('edit per call', ((performance.now() - t) / 60).toFixed(2));
  const { profile } = await post('Profiler.stop');
  fs.writeFileSync('/tmp/prof7.cpuprofile', JSON.stringify(profile));
});
