/** Human units for the dashboard: the reports' own (src/text/), with the viewer's local time beside UTC. */
import { formatCell, formatTime } from "../text/format-cell.js";

export { formatUsd } from "../text/format-cell.js";
export { formatBytes, formatCount } from "../text/format-numbers.js";

export const formatValue = (column: string, value: unknown): string => formatCell(column, value, true);

export const formatLocalTime = (iso: string): string => formatTime(iso, true);
