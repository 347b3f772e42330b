import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SaveResult } from '../../src/shared/api';
import { QikanError } from '../../src/shared/errors';
import { SaveController, type SaveRequest, type SaveState } from '../../src/renderer/editor/save-controller';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function setup(revision = 3) {
  const requests: SaveRequest[] = [];
  const answers: Array<ReturnType<typeof deferred<SaveResult>>> = [];
  const states: SaveState['kind'][] = [];
  const conflicts: QikanError[] = [];
  const saved: SaveResult[] = [];
  const controller = new SaveController({
    articleId: 7,
    revision,
    delayMs: 600,
    save: (request) => {
      requests.push(request);
      const d = deferred<SaveResult>();
      answers.push(d);
      return d.promise;
    },
    onState: (s) => states.push(s.kind),
    onSaved: (r) => saved.push(r),
    onConflict: (e) => conflicts.push(e),
  });
  return { controller, requests, answers, states, conflicts, saved };
}

const result = (revision: number, charCount = 10): SaveResult => ({ revision, charCount, updatedAt: '2026-01-01T00:00:00Z' });

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('SaveController', () => {
  it('waits for a quiet pause, merges edits into one request and reports the states', async () => {
    const s = setup();
    s.controller.change({ subtitle: 'a' });
    await vi.advanceTimersByTimeAsync(400);
    s.controller.change({ subtitle: 'ab', byline: '张三' });
    await vi.advanceTimersByTimeAsync(400);
    expect(s.requests).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(200);
    expect(s.requests).toEqual([{ articleId: 7, baseRevision: 3, patch: { subtitle: 'ab', byline: '张三' } }]);
    expect(s.controller.currentState.kind).toBe('saving');
    s.answers[0]!.resolve(result(4, 42));
    await vi.advanceTimersByTimeAsync(0);
    expect(s.states).toEqual(['dirty', 'dirty', 'saving', 'saved']);
    expect(s.saved).toEqual([result(4, 42)]);
    expect(s.controller.currentRevision).toBe(4);
  });

  it('sends edits made during a request afterwards, with the new revision', async () => {
    const s = setup();
    s.controller.change({ subtitle: 'one' });
    await vi.advanceTimersByTimeAsync(600);
    s.controller.change({ subtitle: 'two' });
    s.answers[0]!.resolve(result(4));
    await vi.advanceTimersByTimeAsync(0);
    expect(s.controller.currentState.kind).toBe('dirty');
    await vi.advanceTimersByTimeAsync(600);
    expect(s.requests[1]).toEqual({ articleId: 7, baseRevision: 4, patch: { subtitle: 'two' } });
    s.answers[1]!.resolve(result(5));
    await vi.advanceTimersByTimeAsync(0);
    expect(s.controller.currentState.kind).toBe('saved');
  });

  it('flush writes at once and resolves when written', async () => {
    const s = setup();
    s.controller.change({ notes: 'x' });
    const flushed = s.controller.flush();
    expect(s.requests).toHaveLength(1);
    s.answers[0]!.resolve(result(4));
    await flushed;
    expect(s.controller.currentState.kind).toBe('saved');
    expect(s.controller.hasUnsavedChanges).toBe(false);
    await vi.advanceTimersByTimeAsync(2000);
    expect(s.requests).toHaveLength(1); // the cancelled timer sends nothing more
  });

  it('keeps failed edits and sends them again on retry', async () => {
    const s = setup();
    s.controller.change({ subtitle: 'kept', byline: 'b' });
    void s.controller.flush();
    s.controller.change({ byline: 'newer' });
    s.answers[0]!.reject(new QikanError('internal', 'disk full', {}));
    await vi.advanceTimersByTimeAsync(0);
    expect(s.controller.currentState.kind).toBe('error');
    expect(s.controller.hasUnsavedChanges).toBe(true);
    const retried = s.controller.retry();
    expect(s.requests[1]).toEqual({ articleId: 7, baseRevision: 3, patch: { subtitle: 'kept', byline: 'newer' } });
    s.answers[1]!.resolve(result(4));
    await retried;
    expect(s.controller.currentState.kind).toBe('saved');
  });

  it('on a conflict keeps the refused edits and those typed since, reports it and stops saving until discarded', async () => {
    const s = setup();
    s.controller.change({ subtitle: 'mine', byline: '张三' });
    void s.controller.flush();
    s.answers[0]!.reject(new QikanError('conflict', 'stale revision', { reason: 'stale_revision' }));
    await vi.advanceTimersByTimeAsync(0);
    expect(s.controller.currentState).toMatchObject({ kind: 'conflict', reason: 'revision' });
    expect(s.conflicts).toHaveLength(1);
    // Nothing is dropped: the refused patch is still pending, and a later edit joins it without being sent.
    expect(s.controller.unsaved).toEqual({ subtitle: 'mine', byline: '张三' });
    s.controller.change({ subtitle: 'mine, later' });
    await vi.advanceTimersByTimeAsync(1000);
    await s.controller.flush();
    expect(s.requests).toHaveLength(1);
    expect(s.controller.unsaved).toEqual({ subtitle: 'mine, later', byline: '张三' });
    expect(s.controller.hasUnsavedChanges).toBe(true);
    // Only the person's choice throws them away.
    s.controller.discard();
    expect(s.controller.hasUnsavedChanges).toBe(false);
  });

  it('tells a lock taken over from a stale revision, and shows the 付印 freeze as a failure that keeps the text', async () => {
    const s = setup();
    s.controller.change({ subtitle: 'a' });
    void s.controller.flush();
    s.answers[0]!.reject(new QikanError('conflict', '李四 is editing', { reason: 'locked', name: '李四' }));
    await vi.advanceTimersByTimeAsync(0);
    expect(s.controller.currentState).toMatchObject({ kind: 'conflict', reason: 'locked' });
    expect(s.conflicts[0]!.details.name).toBe('李四');

    const f = setup();
    f.controller.change({ subtitle: 'b' });
    void f.controller.flush();
    f.answers[0]!.reject(new QikanError('conflict', 'signed off', { reason: 'signed_off' }));
    await vi.advanceTimersByTimeAsync(0);
    expect(f.controller.currentState.kind).toBe('error');
    expect(f.conflicts).toHaveLength(0);
    expect(f.controller.unsaved).toEqual({ subtitle: 'b' });
  });

  it('hands the written request to onSaved', async () => {
    const s = setup();
    const seen: unknown[] = [];
    const c = new SaveController({ articleId: 7, revision: 3, save: async () => result(4), onSaved: (r, req) => seen.push([r.revision, req]) });
    c.change({ subtitle: 'x' });
    await c.flush();
    expect(seen).toEqual([[4, { articleId: 7, baseRevision: 3, patch: { subtitle: 'x' } }]]);
    expect(s.requests).toHaveLength(0);
  });
});
