// Browser half of the stored-XSS test (build/e2e/xss.sh): opens the widget's
// demo page in Debian's Chromium with the seeded conversation resumed, and
// checks that no payload ran (window.__xss stays unset in every frame, the
// title never becomes the canary, no dialog opens), that no dangerous
// element or attribute reached the page, and that every payload is shown as
// its literal text. A control step first inserts each payload into a blank
// page the unsafe way, to show the corpus really runs script when it is
// rendered as HTML.
//
//   node build/e2e/xss/browser.mjs SEED.json
//
// Env: FRONTLINE_URL, ARTIFACTS_DIR, FRONTLINE_WIDGET_KEY, CHROMIUM_PATH.
// Prints "N passed, M failed" and exits non-zero on any failure.
import { readFile, mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const root = resolve(here, "..", "..", "..");
// playwright-core is the widget's dev dependency; reuse it.
const { chromium } = createRequire(join(root, "server", "widget", "package.json"))("playwright-core");

const baseUrl = (process.env.FRONTLINE_URL || "http://127.0.0.1:8080").replace(/\/$/, "");
const artifacts = resolve(process.env.ARTIFACTS_DIR || join(root, "test-artifacts"));
const widgetKey = process.env.FRONTLINE_WIDGET_KEY || "flw_demo_northwind_bikes";
const chromiumPath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const CANARY_TITLE = ["XSS", "FIRED"].join("-");
// Elements no message may produce, and URL schemes no link may carry.
const DANGEROUS = ["script", "iframe", "object", "embed", "svg", "math", "style", "img", "input", "details", "meta", "textarea", "form", "base", "link"];

let passed = 0;
let failed = 0;
function check(name, ok, detail = "") {
  if (ok) {
    passed++;
    console.log(`ok   ${name}`);
  } else {
    failed++;
    console.log(`FAIL ${name}${detail ? `\n     ${detail}` : ""}`);
  }
}

const norm = (s) => s.replace(/\s+/g, " ").trim();

async function main() {
  const seed = JSON.parse(await readFile(process.argv[2], "utf8"));
  const payloads = seed.payloads;
  await mkdir(artifacts, { recursive: true });
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    await control(browser, payloads);
    await widget(browser, payloads, seed.widget.token);
  } finally {
    await browser.close();
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

// control renders each payload unsafely (as HTML, scripts allowed) in a
// blank page and counts how many set the canary: the corpus has teeth.
async function control(browser, payloads) {
  const fired = [];
  for (const p of payloads) {
    // A fresh page each time: a fired payload's timers must not count twice.
    const page = await browser.newPage();
    page.on("dialog", (d) => d.dismiss().catch(() => {}));
    await page.setContent("<!doctype html><title>control</title><body><p id=host></p></body>");
    await page.evaluate((html) => {
      const r = document.createRange();
      r.selectNode(document.body);
      document.getElementById("host").append(r.createContextualFragment(html));
      document.querySelectorAll("[autofocus]").forEach((el) => el.focus());
    }, p);
    await page.waitForTimeout(150);
    const hit = await page.evaluate(() => window.__xss === 1 || [...document.querySelectorAll("iframe")].some((f) => { try { return f.contentWindow.__xss === 1; } catch { return false; } }));
    if (hit) fired.push(p);
    await page.close();
  }
  console.log(`     control: ${fired.length} of ${payloads.length} payloads run script when rendered as HTML`);
  check("the corpus runs script when rendered unsafely (control)", fired.length >= 6, `only ${fired.length} fired`);
}

async function widget(browser, payloads, token) {
  const context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
  // Resume the seeded conversation, as the customer's own browser would.
  await context.addInitScript(([key, tok]) => {
    try {
      if (!localStorage.getItem(key)) localStorage.setItem(key, tok);
    } catch {}
  }, ["frontline.conversation." + widgetKey, token]);
  const page = await context.newPage();
  const dialogs = [];
  page.on("dialog", (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  const titles = new Set();
  await page.goto(`${baseUrl}/demo/${widgetKey}`);
  const W = "#frontline-widget";
  await page.locator(`${W} button.launcher`).click();
  // Wait until the customer messages and the agent replies are all shown.
  const want = payloads.length * 2;
  const texts = () => page.locator(`${W} ol.thread li .text`).allTextContents();
  const end = Date.now() + 20_000;
  let shown = [];
  while (Date.now() < end) {
    shown = (await texts()).map(norm);
    titles.add(await page.title());
    if (payloads.every((p) => shown.filter((t) => t === norm(p)).length >= 2)) break;
    await page.waitForTimeout(200);
  }
  check(`the widget shows the thread (${shown.length} messages, want at least ${want})`, shown.length >= want);
  // Give any delayed handler (autofocus, toggle, timers) time to run.
  for (let i = 0; i < 10; i++) {
    titles.add(await page.title());
    await page.waitForTimeout(150);
  }
  await page.screenshot({ path: join(artifacts, "xss-widget.png") });
  const missing = payloads.filter((p) => shown.filter((t) => t === norm(p)).length !== 2);
  check("every payload is shown as literal text, once from the customer and once from the agent (notes never)", missing.length === 0, `not shown exactly twice: ${JSON.stringify(missing.slice(0, 3))}`);
  const xss = await page.evaluate(() => {
    const out = [];
    if (window.__xss !== undefined) out.push("top");
    document.querySelectorAll("iframe").forEach((f, i) => {
      try {
        if (f.contentWindow.__xss !== undefined) out.push(`iframe ${i}`);
      } catch {}
    });
    return out;
  });
  check("window.__xss is unset in the page and every frame", xss.length === 0, xss.join(", "));
  check("the page title never became the canary", ![...titles].some((t) => t.includes(CANARY_TITLE)), [...titles].join(" | "));
  check("no dialog opened", dialogs.length === 0, dialogs.join("; "));
  const bad = await page.evaluate((dangerous) => {
    const host = document.querySelector("#frontline-widget");
    const out = [];
    const scan = (rootNode, where) => {
      for (const el of rootNode.querySelectorAll("*")) {
        for (const a of el.getAttributeNames()) {
          const v = (el.getAttribute(a) || "").replace(/[\s\u0000-\u001f]/g, "").toLowerCase();
          if (a.startsWith("on")) out.push(`${where}: <${el.localName} ${a}>`);
          if (["href", "src", "action", "formaction", "data", "srcdoc"].includes(a) && (v.startsWith("javascript:") || a === "srcdoc")) out.push(`${where}: <${el.localName} ${a}=${v.slice(0, 40)}>`);
        }
      }
    };
    scan(document, "page");
    const root = host?.shadowRoot;
    if (!root) return ["no widget shadow root"];
    scan(root, "widget");
    const thread = root.querySelector("ol.thread");
    for (const el of thread?.querySelectorAll("*") ?? []) {
      if (dangerous.includes(el.localName)) out.push(`thread: <${el.localName}>`);
    }
    return out;
  }, DANGEROUS);
  check("no event-handler attribute, javascript: URL or active element reached the DOM", bad.length === 0, bad.slice(0, 5).join("; "));
  await context.close();
}

main().catch((e) => {
  console.error(e);
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exit(1);
});
