/**
 * Writes one Parquet object: records go as plain text lines to a temporary file, which the converter turns
 * into the Parquet object when the window closes. Memory stays bounded whatever the window's size.
 */
import { rm, stat } from "node:fs/promises";
import type { ParquetConverter } from "./parquet-converter.js";
import { TextObjectWriter } from "./text-object-writer.js";

export class ParquetObjectWriter {
  private readonly text: TextObjectWriter;

  constructor(
    readonly path: string,
    private readonly tempPath: string,
    header: string,
    private readonly converter: ParquetConverter,
  ) {
    this.text = new TextObjectWriter(tempPath, header);
  }

  get records(): number {
    return this.text.records;
  }

  get wantsPause(): boolean {
    return this.text.wantsPause;
  }

  append(line: string): void {
    this.text.append(line);
  }

  settle(): Promise<void> {
    return this.text.settle();
  }

  /** Converts the window's records to Parquet and removes the temporary file; returns the object's size. */
  async close(): Promise<number> {
    await this.text.close();
    await this.converter.convert(this.tempPath, this.path);
    await rm(this.tempPath);
    return (await stat(this.path)).size;
  }
}
