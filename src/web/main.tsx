/** The dashboard: one page per path, the state in the URL (router.ts), data from /api/. */
import { render } from "preact";
import { AlertsPage } from "./pages/alerts.js";
import { ConsolePage } from "./pages/console.js";
import { ExplorerPage } from "./pages/explorer.js";
import { HomePage } from "./pages/home.js";
import { InsightPage } from "./pages/insight.js";
import { OperationsPage } from "./pages/operations.js";
import { TrendsPage } from "./pages/trends.js";
import { linkTo, useLocation } from "./router.js";
import "./styles.css";

const NAV = [
  { path: "/", label: "Home" },
  { path: "/trends", label: "Trends" },
  { path: "/explorer", label: "Flows" },
  { path: "/console", label: "SQL console" },
  { path: "/alerts", label: "Alerts" },
  { path: "/operations", label: "Operations" },
];

function App() {
  const location = useLocation();
  const insight = /^\/insights\/([^/]+)$/.exec(location.path);
  const keep = { from: location.params.get("from") ?? undefined, to: location.params.get("to") ?? undefined };
  return (
    <>
      <header class="top">
        <a class="brand" {...linkTo("/", keep)}>
          flowlens
        </a>
        <nav>
          {NAV.map((n) => (
            <a key={n.path} class={location.path === n.path ? "here" : undefined} {...linkTo(n.path, keep)}>
              {n.label}
            </a>
          ))}
        </nav>
      </header>
      <main>
        {insight ? (
          <InsightPage location={location} id={decodeURIComponent(insight[1] as string)} />
        ) : location.path === "/explorer" ? (
          <ExplorerPage location={location} />
        ) : location.path === "/trends" ? (
          <TrendsPage location={location} />
        ) : location.path === "/console" ? (
          <ConsolePage location={location} />
        ) : location.path === "/alerts" ? (
          <AlertsPage location={location} />
        ) : location.path === "/operations" ? (
          <OperationsPage />
        ) : (
          <HomePage location={location} />
        )}
      </main>
    </>
  );
}

render(<App />, document.getElementById("app") as HTMLElement);
