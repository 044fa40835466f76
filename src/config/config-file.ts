/**
 * A YAML config file read with positions, so a problem names the setting's line and column. YAML syntax
 * errors are problems too, each with its own position, and so is a file whose aliases expand past yaml's
 * limit (an "alias bomb"). Positions come from one walk of the document, so naming the place of each of
 * many problems takes time in proportion to the file.
 */
import { readFileSync } from "node:fs";
import { type Document, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";

type Path = readonly (string | number)[];

export interface FilePosition {
  readonly line: number;
  readonly column: number;
}

export interface ConfigFile {
  readonly path: string;
  /** The settings in the file; empty when the file has syntax errors or holds no mapping. */
  readonly values: Record<string, unknown>;
  /** A file that cannot be read, YAML syntax errors, or a file that holds something other than a mapping. */
  readonly syntaxProblems: readonly { readonly message: string; readonly position?: FilePosition }[];
  /** Where the setting is in the file, else its nearest parent that is. */
  positionOf(path: Path): FilePosition | undefined;
}

export function readConfigFile(path: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const message = `cannot read the file: ${(error as Error).message}`;
    return { path, values: {}, syntaxProblems: [{ message }], positionOf: () => undefined };
  }
  const lines = new LineCounter();
  // yaml's own duplicate-key check compares every key with every other (minutes for 200k keys): the
  // walk below does it with a set per mapping.
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false });
  const at = (offset: number): FilePosition => {
    const pos = lines.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  const walk = walkDocument(doc);
  const positionOf = (path: Path): FilePosition | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const start = walk.starts.get(pathKey(path.slice(0, n)));
      if (start !== undefined) return at(start);
    }
    return undefined;
  };
  const duplicates = walk.duplicateKeys.map((d) => ({
    message: `map keys must be unique: ${JSON.stringify(d.key)} is given more than once here`,
    position: at(d.offset),
  }));
  if (doc.errors.length > 0 || duplicates.length > 0) {
    const errors = doc.errors.map((e) => ({
      // The position is given apart; yaml also appends it to the first line.
      message: (e.message.split("\n")[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, ""),
      ...(e.linePos?.[0] ? { position: { line: e.linePos[0].line, column: e.linePos[0].col } } : {}),
    }));
    return { path, values: {}, syntaxProblems: [...errors, ...duplicates], positionOf };
  }
  if (doc.contents !== null && !isMap(doc.contents)) {
    return {
      path,
      values: {},
      syntaxProblems: [{ message: "the file must hold a mapping of settings", position: positionOf([]) }],
      positionOf,
    };
  }
  let values: Record<string, unknown>;
  try {
    values = (doc.toJS() ?? {}) as Record<string, unknown>;
  } catch (error) {
    // yaml refuses aliases that expand too far ("Excessive alias count …"), and gives no position.
    const why = (error as Error).message;
    const message = /alias count/i.test(why)
      ? "its aliases (*name) expand to too many copies of their anchors (&name): yaml refuses this, as an alias bomb could exhaust memory; write the values out, or use fewer aliases"
      : `cannot read the settings: ${why}`;
    return { path, values: {}, syntaxProblems: [{ message }], positionOf };
  }
  return { path, values, syntaxProblems: [], positionOf };
}

function pathKey(path: Path): string {
  return JSON.stringify(path.map(String));
}

/**
 * The offset where each node starts, by its path (map keys as text, list indexes), and each key given
 * twice in one mapping. Aliases are not followed.
 */
function walkDocument(doc: Document): {
  starts: Map<string, number>;
  duplicateKeys: { key: string; offset: number }[];
} {
  const starts = new Map<string, number>();
  const duplicateKeys: { key: string; offset: number }[] = [];
  const visit = (node: Node | null | undefined, path: string[]) => {
    if (!node?.range) return;
    starts.set(JSON.stringify(path), node.range[0]);
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const keyStart = (pair.key as Node | null)?.range?.[0] ?? node.range[0];
        if (seen.has(key)) duplicateKeys.push({ key, offset: keyStart });
        seen.add(key);
        visit(pair.value as Node | null, path.concat(key));
      }
    } else if (isSeq(node)) {
      for (const [i, item] of node.items.entries()) visit(item as Node, path.concat(String(i)));
    }
  };
  visit(doc.contents as Node | null, []);
  return { starts, duplicateKeys };
}
