/**
 * Decides from its name alone whether a file or S3 key is a flow log object, for directory walks and S3
 * listings: gzip text (`.log.gz`, `.gz`), plain text (`.log`, `.txt`, as CloudWatch exports are often
 * named) or Parquet (`.parquet`, `.log.parquet`). Folder markers, manifests and notes are not. A file a
 * user names explicitly is read whatever its name.
 */

const FLOW_LOG_NAME = /\.(?:log\.gz|gz|log|txt|parquet)$/i;

export function isFlowLogName(nameOrKey: string): boolean {
  return FLOW_LOG_NAME.test(nameOrKey);
}
