// Generated pages (running heads, contents, colophon, covers) drawn again only when what they show
// changed. While an editor types, the issue is laid out again on every pause, and redrawing 60
// running heads, the contents and the colophon cost more than the flow of the edited article.
// A memo keeps what the last layout used, so memory follows the issue, not its history. Pure.

export class DrawingMemo<V> {
  private previous = new Map<string, V>();
  private current = new Map<string, V>();

  /** Starts a layout: what the layout before it did not use is dropped. */
  begin(): void {
    if (this.current.size === 0) return;
    this.previous = this.current;
    this.current = new Map();
  }

  /** The value for `key`: kept from the last layout, or made now. `key` names everything `make` reads. */
  get(key: string, make: () => V): V {
    let v = this.current.get(key);
    if (v === undefined) {
      v = this.previous.get(key);
      if (v === undefined) v = make();
      this.current.set(key, v);
    }
    return v;
  }

  get size(): number {
    return this.current.size;
  }
}
