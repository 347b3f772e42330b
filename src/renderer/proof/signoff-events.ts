// A signature given or withdrawn here: the issue's 付印 banner and anything else showing the sign-off
// state reload. Pure apart from the listeners.

const listeners = new Set<(issueId: number) => void>();

export function signOffsChanged(issueId: number): void {
  for (const l of listeners) l(issueId);
}

export function onSignOffsChanged(listener: (issueId: number) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
