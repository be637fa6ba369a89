// Entry point of widget.js. The embed snippet is one tag:
//   <script src="https://SERVER/widget.js" data-widget-key="flw_..." async></script>
// The script finds its own tag, takes the server's address from its src and
// mounts the widget in a shadow root at the end of the page.
import { Widget } from "./widget";

declare global {
  interface Window {
    __frontlineWidget?: Widget;
  }
}

function findScript(): HTMLScriptElement | null {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement && current.dataset.widgetKey) return current;
  // Fallback for loaders that inject the script without currentScript.
  return document.querySelector<HTMLScriptElement>("script[data-widget-key][src*='widget.js']");
}

function boot(script: HTMLScriptElement): void {
  if (window.__frontlineWidget) return; // the snippet was pasted twice
  const widgetKey = script.dataset.widgetKey ?? "";
  if (!/^flw_[A-Za-z0-9_-]{1,120}$/.test(widgetKey)) {
    console.error("frontline widget: data-widget-key is missing or malformed");
    return;
  }
  // https://support.example/widget.js -> https://support.example
  const baseUrl = new URL(".", script.src).href.replace(/\/$/, "");
  const host = document.createElement("div");
  host.id = "frontline-widget";
  document.body.append(host);
  window.__frontlineWidget = new Widget(host, { baseUrl, widgetKey });
}

const script = findScript();
if (!script) {
  console.error("frontline widget: cannot find its <script data-widget-key> tag");
} else if (document.body) {
  boot(script);
} else {
  document.addEventListener("DOMContentLoaded", () => boot(script), { once: true });
}
