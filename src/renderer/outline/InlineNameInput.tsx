// A one-line name editor used for renaming and adding: Enter commits, Escape cancels, leaving it commits.

import { useEffect, useRef, useState } from 'react';

export function InlineNameInput({
  initial,
  label,
  onCommit,
  onCancel,
}: {
  initial: string;
  label: string;
  onCommit: (name: string) => void;
  onCancel: () => void;
}) {
  const [value, setValue] = useState(initial);
  const done = useRef(false);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);

  function finish(commit: boolean) {
    if (done.current) return;
    done.current = true;
    const name = value.trim();
    if (commit && name !== '' && name !== initial) onCommit(name);
    else onCancel();
  }

  return (
    <input
      ref={input}
      className="inline-name"
      aria-label={label}
      placeholder={label}
      value={value}
      maxLength={200}
      onChange={(e) => setValue(e.target.value)}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === 'Enter') finish(true);
        if (e.key === 'Escape') finish(false);
      }}
      onBlur={() => finish(true)}
    />
  );
}
