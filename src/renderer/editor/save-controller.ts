// Autosave for one open article: edits merge into a pending patch, which is written after a quiet
// pause (debounce), or at once on flush (blur, switching article, leaving the page). One request is in
// flight at a time, each carrying the revision the last answer returned, so a stale editor never
// overwrites a newer version: the back end answers "conflict" and the caller reloads.

import type { SaveResult } from '../../shared/api';
import { QikanError } from '../../shared/errors';
import type { ArticlePatch } from '../../shared/model';

export type SaveState =
  | { kind: 'saved' }
  | { kind: 'dirty' }
  | { kind: 'saving' }
  | { kind: 'error'; error: unknown }
  | { kind: 'conflict' };

export interface SaveRequest {
  articleId: number;
  baseRevision: number;
  patch: ArticlePatch;
}

export interface SaveControllerOptions {
  articleId: number;
  revision: number;
  save: (request: SaveRequest) => Promise<SaveResult>;
  onState?: (state: SaveState) => void;
  onSaved?: (result: SaveResult) => void;
  /** The article changed elsewhere; pending edits are dropped and the caller reloads it. */
  onConflict?: (error: QikanError) => void;
  delayMs?: number;
}

export const AUTOSAVE_DELAY_MS = 600;

export class SaveController {
  private readonly options: SaveControllerOptions;
  private revision: number;
  private pending: ArticlePatch | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inFlight: Promise<void> | null = null;
  private state: SaveState = { kind: 'saved' };
  private disposed = false;

  constructor(options: SaveControllerOptions) {
    this.options = options;
    this.revision = options.revision;
  }

  get currentState(): SaveState {
    return this.state;
  }

  get currentRevision(): number {
    return this.revision;
  }

  get hasUnsavedChanges(): boolean {
    return this.pending !== null || this.inFlight !== null;
  }

  /** Records an edit and schedules a save. */
  change(patch: ArticlePatch): void {
    if (this.disposed || this.state.kind === 'conflict') return;
    this.pending = { ...this.pending, ...patch };
    if (!this.inFlight) this.setState({ kind: 'dirty' });
    this.schedule();
  }

  /** Writes everything pending now and resolves once it is written (or has failed). */
  async flush(): Promise<void> {
    this.clearTimer();
    for (;;) {
      if (this.inFlight) {
        await this.inFlight;
        continue;
      }
      if (!this.pending || this.state.kind === 'error' || this.state.kind === 'conflict') return;
      await this.start();
    }
  }

  /** After a failed save: try again with everything pending. */
  retry(): Promise<void> {
    if (this.state.kind === 'error') this.setState({ kind: 'dirty' });
    return this.flush();
  }

  /** The stored article moved to `revision` by a change the editor is about to show (an accepted
   *  proof correction); nothing may be pending. Later saves build on that revision. */
  adoptRevision(revision: number): void {
    if (this.pending !== null || this.inFlight !== null) throw new Error('adoptRevision with edits still unsaved: flush first');
    this.revision = revision;
  }

  /** Stops timers and state reports; anything still pending must be flushed before. */
  dispose(): void {
    this.disposed = true;
    this.clearTimer();
  }

  private schedule(): void {
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.inFlight) void this.start();
      // With a request in flight, its completion starts the next one.
    }, this.options.delayMs ?? AUTOSAVE_DELAY_MS);
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private start(): Promise<void> {
    const patch = this.pending;
    if (!patch || this.state.kind === 'conflict') return Promise.resolve();
    this.pending = null;
    this.setState({ kind: 'saving' });
    const run = async () => {
      try {
        const result = await this.options.save({ articleId: this.options.articleId, baseRevision: this.revision, patch });
        this.revision = result.revision;
        if (!this.disposed) this.options.onSaved?.(result);
        this.inFlight = null;
        if (this.pending) {
          this.setState({ kind: 'dirty' });
          // Edits made during the request: write them now unless their pause is still running.
          if (this.timer === null) void this.start();
        } else {
          this.setState({ kind: 'saved' });
        }
      } catch (error) {
        this.inFlight = null;
        if (error instanceof QikanError && error.code === 'conflict') {
          this.pending = null;
          this.clearTimer();
          this.setState({ kind: 'conflict' });
          if (!this.disposed) this.options.onConflict?.(error);
        } else {
          // Keep the failed edits, under any newer ones, so nothing typed is lost.
          this.pending = { ...patch, ...this.pending };
          this.clearTimer();
          this.setState({ kind: 'error', error });
        }
      }
    };
    this.inFlight = run();
    return this.inFlight;
  }

  private setState(state: SaveState): void {
    this.state = state;
    if (!this.disposed) this.options.onState?.(state);
  }
}
