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

/** `path?query` with these parameters; empty and missing values are left out. */
export function pathWith(path: string, params: Record<string, string | undefined> = {}): string {
  const query = new URLSearchParams(
    Object.entries(params).filter((e): e is [string, string] => Boolean(e[1])),
  );
  return query.size > 0 ? `${path}?${query}` : path;
}

/** Goes to a path with these query parameters. */
export function navigate(path: string, params: Record<string, string | undefined> = {}): void {
  window.history.pushState(null, "", pathWith(path, params));
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
  return {
    href: pathWith(path, params),
    onClick: (event: MouseEvent) => {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      navigate(path, params);
    },
  };
}
