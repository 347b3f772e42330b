// Autosave for one open article: edits merge into a pending patch, which is written after a quiet
// pause (debounce), or at once on flush (blur, switching article, leaving the page). One request is in
// flight at a time, each carrying the revision the last answer returned, so a stale editor never
// overwrites a newer version. A conflict (the article was saved elsewhere, or someone took its lock
// over) stops saving but keeps every unwritten edit: the caller shows what happened and lets the
// person reload (discard) or keep their text as a copy. Nothing typed is dropped here.

import type { SaveResult } from '../../shared/api';
import { QikanError } from '../../shared/errors';
import type { ArticlePatch } from '../../shared/model';

export type SaveState =
  | { kind: 'saved' }
  | { kind: 'dirty' }
  | { kind: 'saving' }
  | { kind: 'error'; error: unknown }
  | { kind: 'conflict'; reason: ConflictReason; error: QikanError };

/** Why a save was refused as a conflict: the revision moved on, or someone else holds the article's lock. */
export type ConflictReason = 'revision' | 'locked';

/** How a refused save is taken: a conflict the person must resolve, or a failure to show (and retry). */
export function conflictReasonOf(error: unknown): ConflictReason | null {
  if (!(error instanceof QikanError) || error.code !== 'conflict') return null;
  if (error.details.reason === 'locked') return 'locked';
  // The 付印 freeze is not about another version of the text: it is shown as a failure with its reason.
  if (error.details.reason === 'signed_off') return null;
  return 'revision';
}

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
  /** A save was written: its answer and the request (the patch now stored). */
  onSaved?: (result: SaveResult, request: SaveRequest) => void;
  /** The save was refused (changed elsewhere, or locked by someone else). Saving stops; unwritten edits
   *  stay pending (and edits made after it are kept too) until the caller discards them. */
  onConflict?: (error: QikanError, reason: ConflictReason) => void;
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

  /** Everything not yet written (after a conflict: the edits the server refused and any made since). */
  get unsaved(): ArticlePatch | null {
    return this.pending;
  }

  /** Records an edit and schedules a save; during a conflict it is kept but not sent. */
  change(patch: ArticlePatch): void {
    if (this.disposed) return;
    this.pending = { ...this.pending, ...patch };
    if (this.state.kind === 'conflict') return;
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

  /** Reopens a conflict the person left unresolved (they closed the article meanwhile): `patch` is their
   *  unwritten text, and nothing is saved until they choose. */
  hold(patch: ArticlePatch, error: QikanError, reason: ConflictReason): void {
    this.clearTimer();
    this.pending = { ...patch };
    this.setState({ kind: 'conflict', reason, error });
  }

  /** The person chose to drop their unwritten edits (reloading the server's version, or after saving
   *  them as a copy). Only then is anything pending thrown away. */
  discard(): void {
    this.clearTimer();
    this.pending = null;
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
        const request: SaveRequest = { articleId: this.options.articleId, baseRevision: this.revision, patch };
        const result = await this.options.save(request);
        this.revision = result.revision;
        if (!this.disposed) this.options.onSaved?.(result, request);
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
        // Keep the refused edits, under any newer ones, so nothing typed is lost.
        this.pending = { ...patch, ...this.pending };
        this.clearTimer();
        const reason = conflictReasonOf(error);
        if (reason && error instanceof QikanError) {
          this.setState({ kind: 'conflict', reason, error });
          if (!this.disposed) this.options.onConflict?.(error, reason);
        } else {
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
