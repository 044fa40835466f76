/** What a page shows while its data loads, or when it could not be loaded. */
import type { ComponentChildren } from "preact";
import type { Loaded } from "../api.js";
import { linkTo } from "../router.js";

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

/** ENIs, IPv4 addresses and "port N" in a sentence, each a link to the explorer filtered by it. */
const EXPLORABLE = /(eni-[0-9a-f]{8,17})|(\b\d{1,3}(?:\.\d{1,3}){3}\b)|port (\d{1,5})\b/g;

function Linked({ sentence, period }: { sentence: string; period: { from: string; to: string } }) {
  const parts: ComponentChildren[] = [];
  let at = 0;
  for (const match of sentence.matchAll(EXPLORABLE)) {
    const [text, eni, address, port] = match;
    parts.push(sentence.slice(at, match.index));
    const filter = eni ? { eni } : address ? { addr: address } : { port };
    parts.push(
      <a key={match.index} {...linkTo("/explorer", { ...period, ...filter })}>
        {text}
      </a>,
    );
    at = match.index + text.length;
  }
  parts.push(sentence.slice(at));
  return <span>{parts}</span>;
}

export function FindingList(props: {
  findings: readonly { severity: string; sentence: string }[];
  /** Links the ENIs, addresses and ports of the sentences to the explorer for this period. */
  period?: { from: string; to: string };
}) {
  const { findings, period } = props;
  if (findings.length === 0) return <p class="empty">Nothing to report.</p>;
  return (
    <div>
      {findings.map((f) => (
        <div class="finding" key={f.sentence}>
          <span class={`severity ${f.severity}`}>{f.severity}</span>
          {period ? <Linked sentence={f.sentence} period={period} /> : <span>{f.sentence}</span>}
        </div>
      ))}
    </div>
  );
}
