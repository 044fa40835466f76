/**
 * Decides from its name alone whether an S3 key is a flow log object: gzip text (`.log.gz`), plain text
 * (`.log`) or Parquet (`.parquet`, `.log.parquet`). Folder markers (keys ending in `/`) and anything else
 * that shares the prefix (manifests, notes, other services' files) are not.
 */

const FLOW_LOG_EXTENSION = /\.(?:log\.gz|log|parquet)$/;

export function isFlowLogKey(key: string): boolean {
  return FLOW_LOG_EXTENSION.test(key);
}
