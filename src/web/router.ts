/**
 * The dashboard's one source of state: the URL. A page is a path; its filters and period are the query
 * string, so every view can be bookmarked and shared. `navigate` changes both and tells the app.
 */
import { useEffect, useState } from "preact/hooks";

export interface Location {
  readonly path: string;
  readonly params: URLSearchParams;
}

const current = (): Location => ({
  path: window.location.pathname,
  params: new URLSearchParams(window.location.search),
});

const listeners = new Set<() => void>();

/** Goes to a path with these query parameters (empty values are left out). */
export function navigate(path: string, params: Record<string, string | undefined> = {}): void {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== "") query.set(key, value);
  const search = query.toString();
  window.history.pushState(null, "", `${path}${search ? `?${search}` : ""}`);
  for (const listener of listeners) listener();
}

/** Changes some query parameters of the current page. */
export function setParams(changes: Record<string, string | undefined>): void {
  const { path, params } = current();
  navigate(path, { ...Object.fromEntries(params), ...changes });
}

export function useLocation(): Location {
  const [location, setLocation] = useState(current);
  useEffect(() => {
    const update = () => setLocation(current());
    listeners.add(update);
    window.addEventListener("popstate", update);
    return () => {
      listeners.delete(update);
      window.removeEventListener("popstate", update);
    };
  }, []);
  return location;
}

/** A link that navigates without reloading the page. */
export function linkTo(path: string, params: Record<string, string | undefined> = {}) {
  const query = new URLSearchParams(
    Object.entries(params).filter((e): e is [string, string] => Boolean(e[1])),
  );
  const href = `${path}${query.size > 0 ? `?${query}` : ""}`;
  return {
    href,
    onClick: (event: MouseEvent) => {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      navigate(path, params);
    },
  };
}
