/**
 * A YAML config file read with positions, so a problem names the setting's line and column. YAML syntax
 * errors are problems too, each with its own position.
 */
import { readFileSync } from "node:fs";
import { isMap, LineCounter, parseDocument } from "yaml";

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
  const doc = parseDocument(text, { lineCounter: lines });
  const positionOf = (at: Path): FilePosition | undefined => {
    for (let n = at.length; n >= 0; n--) {
      const node = doc.getIn(at.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node?.range) {
        const pos = lines.linePos(node.range[0]);
        return { line: pos.line, column: pos.col };
      }
    }
    return undefined;
  };
  if (doc.errors.length > 0) {
    const syntaxProblems = doc.errors.map((e) => ({
      // The position is given apart; yaml also appends it to the first line.
      message: (e.message.split("\n")[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, ""),
      ...(e.linePos?.[0] ? { position: { line: e.linePos[0].line, column: e.linePos[0].col } } : {}),
    }));
    return { path, values: {}, syntaxProblems, positionOf };
  }
  if (doc.contents !== null && !isMap(doc.contents)) {
    return {
      path,
      values: {},
      syntaxProblems: [{ message: "the file must hold a mapping of settings", position: positionOf([]) }],
      positionOf,
    };
  }
  return { path, values: (doc.toJS() ?? {}) as Record<string, unknown>, syntaxProblems: [], positionOf };
}
