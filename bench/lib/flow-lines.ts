/** What a dataset generator provides: the text records of one flow log object. */
export interface FlowLines {
  /**
   * `count` records of flow log `flowLog` whose `end` falls in the 5-minute window starting at
   * `windowStart` (Unix seconds), one per line, each ending in a newline.
   */
  lines(flowLog: number, windowStart: number, count: number): string;
}
