/** What a page shows while its data loads, or when it could not be loaded. */
import type { ComponentChildren } from "preact";
import type { Loaded } from "../api.js";

export function Status<T>({
  loaded,
  children,
}: {
  loaded: Loaded<T>;
  children: (value: T) => ComponentChildren;
}) {
  if (loaded.state === "loading") return <p class="loading">Loading…</p>;
  if (loaded.state === "error")
    return (
      <p class="error" role="alert">
        {loaded.message}
      </p>
    );
  return <>{children(loaded.value)}</>;
}

export function FindingList({ findings }: { findings: readonly { severity: string; sentence: string }[] }) {
  if (findings.length === 0) return <p class="empty">Nothing to report.</p>;
  return (
    <div>
      {findings.map((f) => (
        <div class="finding" key={f.sentence}>
          <span class={`severity ${f.severity}`}>{f.severity}</span>
          <span>{f.sentence}</span>
        </div>
      ))}
    </div>
  );
}
