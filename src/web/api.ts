/** The dashboard's calls to `/api/`: JSON in, JSON out; an error answer becomes an Error with its sentence. */
import { useEffect, useState } from "preact/hooks";
import { pathWith } from "./router.js";

export class ApiError extends Error {}

async function answer<T>(response: Response): Promise<T> {
  const body = (await response.json().catch(() => undefined)) as
    | { error?: string; hint?: string }
    | undefined;
  if (!response.ok) {
    const sentence = body?.error
      ? `${body.error}${body.hint ? ` — ${body.hint}` : ""}`
      : `HTTP ${response.status}`;
    throw new ApiError(sentence);
  }
  return body as T;
}

export function apiGet<T>(path: string, params: Record<string, string | undefined> = {}): Promise<T> {
  return fetch(pathWith(`/api/${path}`, params)).then((r) => answer<T>(r));
}

export function apiSend<T>(method: "POST" | "DELETE", path: string, body?: unknown): Promise<T> {
  return fetch(`/api/${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).then((r) => answer<T>(r));
}

export type Loaded<T> =
  | { state: "loading" }
  | { state: "error"; message: string }
  | { state: "done"; value: T };

/** Loads `load()` whenever `key` changes; a slower earlier answer never overwrites a later one. */
export function useApi<T>(key: string, load: () => Promise<T>): Loaded<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: "loading" });
  useEffect(() => {
    let current = true;
    setLoaded({ state: "loading" });
    load().then(
      (value) => current && setLoaded({ state: "done", value }),
      (error: Error) => current && setLoaded({ state: "error", message: error.message }),
    );
    return () => {
      current = false;
    };
  }, [key]);
  return loaded;
}
