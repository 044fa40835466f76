/** Downloads AWS's ip-ranges.json (or whatever `--url` / FLOWLENS_IP_RANGES_URL points at). */
import { FlowlensError } from "../../errors.js";
import { AWS_IP_RANGES_URL } from "./ip-ranges-file.js";

/** The URL to download: the flag, else FLOWLENS_IP_RANGES_URL, else AWS's published file. */
export function ipRangesUrl(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  return flag || env.FLOWLENS_IP_RANGES_URL || AWS_IP_RANGES_URL;
}

/** How long a download may take. */
const DOWNLOAD_TIMEOUT_MS = 60_000;

function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === "TimeoutError") return `no answer within ${DOWNLOAD_TIMEOUT_MS / 1000} s`;
  // fetch() says "fetch failed" and keeps the real reason (ECONNREFUSED, ENOTFOUND, …) in its cause.
  const cause = error.cause as { code?: string; message?: string } | undefined;
  return cause?.code ?? cause?.message ?? error.message;
}

/** The body of the file at url, as text. */
export async function downloadIpRanges(url: string): Promise<string> {
  const failed = (reason: string, cause?: unknown) =>
    new FlowlensError("FLOWLENS_DOWNLOAD_FAILED", `cannot download AWS IP ranges from ${url}: ${reason}`, {
      hint: "check the network or the URL, or download the file another way and pass it with --file",
      cause,
    });
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  } catch (error) {
    throw failed(reasonOf(error), error);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw failed(`HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`);
  }
  try {
    return await response.text();
  } catch (error) {
    throw failed(reasonOf(error), error);
  }
}
