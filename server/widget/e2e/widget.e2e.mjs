// Browser test of the customer chat widget in Debian's Chromium, against a
// running frontline-server started with --demo.
//
//   FRONTLINE_URL=http://127.0.0.1:18081 ARTIFACTS_DIR=test-artifacts node e2e/widget.e2e.mjs
//
// It uses the demo tenant (Northwind Bikes, agent maya@northwind.test);
// FRONTLINE_COMPANY, FRONTLINE_WIDGET_KEY, FRONTLINE_AGENT_EMAIL and
// FRONTLINE_AGENT_PASSWORD point it at another tenant.
//
// It walks the customer's path on the demo page (open the widget, form
// validation, start a conversation, chat), sees the demo tenant's bot answer
// from the knowledge base with a citation and say "I don't know" to an
// off-topic question, hands over with "Talk to a person", answers as an
// agent through the TicketService API, and checks the reply arrives live,
// internal notes never do, the conversation resumes after a reload, and
// markup stays text. The server should run with --models .cache/models
// (hybrid search); without it the bot searches lexically and the same
// questions are answered the same way.
//
// A second, short-lived "lab" server (the same binary, its own data
// directory) covers what must not disturb the shared server the other e2e
// suites use: a bot answer streamed by an LLM (a tiny OpenAI-compatible SSE
// fake served by this script) and the inactivity auto-close with a
// seconds-long timeout (--inactivity-override). The binary is
// $FRONTLINE_SERVER_BIN, else build/bin/frontline-server, else built with go.
// It prints "N passed, M failed" and exits non-zero on any failure.
import { spawn, execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import { chromium } from "playwright-core";

const here = fileURLToPath(new URL(".", import.meta.url));
const baseUrl = (process.env.FRONTLINE_URL || "http://127.0.0.1:8080").replace(/\/$/, "");
// Screenshots go to $ARTIFACTS_DIR, by default the repository's (git-ignored) test-artifacts/.
const artifacts = resolve(process.env.ARTIFACTS_DIR || join(here, "..", "..", "..", "test-artifacts"));
const chromiumPath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
// The demo tenant by default; another tenant can be named through the environment.
const widgetKey = process.env.FRONTLINE_WIDGET_KEY || "flw_demo_northwind_bikes";
const storageKey = "frontline.conversation." + widgetKey;
const company = process.env.FRONTLINE_COMPANY || "Northwind Bikes";
const agentEmail = process.env.FRONTLINE_AGENT_EMAIL || "maya@northwind.test";
const agentPassword = process.env.FRONTLINE_AGENT_PASSWORD || "frontline-demo";
const agentNotice = "Thanks — an agent will answer here shortly.";
const handoverNotice = "Waiting for a member of our team";
const botName = process.env.FRONTLINE_BOT_NAME || "Frontline assistant";
const timeout = 15_000;

const cleanups = [];
let passed = 0;
let failed = 0;

/** check runs one named assertion and counts it. */
async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok   ${name}`);
  } catch (err) {
    failed++;
    console.log(`FAIL ${name}\n     ${String(err?.stack || err).split("\n").slice(0, 4).join("\n     ")}`);
    throw new StepFailed(name);
  }
}

class StepFailed extends Error {}

function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

function eq(got, want, what) {
  if (got !== want) throw new Error(`${what}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
}

/** waitFor polls fn until it returns a truthy value. */
async function waitFor(fn, what, ms = timeout) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** loadAgent bundles e2e/agent.ts (generated TS client + connect-node) and imports it. */
async function loadAgent() {
  const dir = await mkdtemp(join(tmpdir(), "frontline-e2e-"));
  const out = join(dir, "agent.mjs");
  await build({
    entryPoints: [join(here, "agent.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile: out,
    logLevel: "warning",
  });
  const mod = await import(pathToFileURL(out).href);
  await rm(dir, { recursive: true, force: true });
  return mod;
}

// Helpers that look inside the widget's (open) shadow root.
const W = "#frontline-widget";
const inWidget = (page, fn, arg) =>
  page.evaluate(
    ([src, a]) => {
      const root = document.querySelector("#frontline-widget")?.shadowRoot;
      return root ? new Function("root", "arg", `return (${src})(root, arg)`)(root, a) : null;
    },
    [fn.toString(), arg],
  );

const threadTexts = (page) => page.locator(`${W} ol.thread li .text`).allTextContents();

async function shot(page, name) {
  await page.screenshot({ path: join(artifacts, `widget-${name}.png`) });
}

async function main() {
  await mkdir(artifacts, { recursive: true });
  console.log(`widget e2e against ${baseUrl}, screenshots in ${artifacts}`);
  const { login } = await loadAgent();

  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  // A 360 px wide phone: the smallest width the widget must work at.
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  page.setDefaultTimeout(timeout);
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(String(e)));

  const stamp = Date.now().toString(36);
  const customer = {
    name: "Riley Testrider",
    email: `riley.${stamp}@example.com`,
    product: "Larkspur 29 trail bike",
    // A question the demo knowledge base answers ("Shipping times and costs").
    description: "How long does shipping take?",
  };
  const launcher = page.locator(`${W} button.launcher`);
  const dialog = page.getByRole("dialog");

  try {
    await check("demo page loads and embeds the widget", async () => {
      const res = await page.goto(`${baseUrl}/demo/${widgetKey}`);
      eq(res?.status(), 200, "GET /demo status");
      await launcher.waitFor();
    });

    await check("launcher is labelled with the company name from GetWidgetConfig", async () => {
      await waitFor(async () => (await launcher.getAttribute("aria-label"))?.includes(company), "launcher label");
      eq(await launcher.getAttribute("aria-expanded"), "false", "aria-expanded before opening");
    });

    await check("launcher opens a labelled dialog and focuses the first field", async () => {
      await launcher.click();
      await dialog.waitFor({ state: "visible" });
      eq(await page.getByRole("dialog", { name: company }).count(), 1, "dialogs named after the company");
      eq(await launcher.getAttribute("aria-expanded"), "true", "aria-expanded after opening");
      await waitFor(() => inWidget(page, (root) => root.activeElement?.id === "fl-name"), "focus on the name field");
    });

    await check("panel fits a 360 px wide screen", async () => {
      const box = await page.locator(`${W} .panel`).boundingBox();
      assert(box && box.x >= 0 && box.x + box.width <= 360 && box.y >= 0, `panel box ${JSON.stringify(box)}`);
    });

    await check("Escape closes the panel and returns focus to the launcher", async () => {
      await page.getByLabel("Email").focus();
      await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "hidden" });
      await waitFor(() => inWidget(page, (root) => root.activeElement?.classList.contains("launcher")), "focus on the launcher");
      await launcher.press("Enter");
      await dialog.waitFor({ state: "visible" });
    });

    await check("empty submit shows a message on every required field", async () => {
      await page.getByRole("button", { name: "Start chat" }).click();
      const fields = await inWidget(page, (root) =>
        ["name", "email", "description"].map((n) => {
          const input = root.getElementById("fl-" + n);
          const err = root.getElementById(input.getAttribute("aria-describedby"));
          return { n, invalid: input.getAttribute("aria-invalid"), msg: err?.textContent ?? "" };
        }),
      );
      for (const f of fields) {
        eq(f.invalid, "true", `${f.n} aria-invalid`);
        assert(f.msg.length > 5, `${f.n} has no error message`);
      }
      await waitFor(() => inWidget(page, (root) => root.activeElement?.id === "fl-name"), "focus on the first invalid field");
      await shot(page, "1-form-errors");
    });

    await check("a bad email is rejected on the email field only", async () => {
      await page.getByLabel("Your name").fill(customer.name);
      await page.getByLabel("Email").fill("riley-at-example");
      eq(await page.getByLabel("Product (optional)").getAttribute("aria-invalid"), "false", "optional product aria-invalid");
      await page.getByLabel("Product (optional)").fill(customer.product);
      await page.getByLabel("How can we help?").fill(customer.description);
      await page.getByRole("button", { name: "Start chat" }).click();
      const st = await inWidget(page, (root) => ({
        email: root.getElementById("fl-email").getAttribute("aria-invalid"),
        emailMsg: root.getElementById("fl-email-err").textContent,
        name: root.getElementById("fl-name").getAttribute("aria-invalid"),
        nameMsg: root.getElementById("fl-name-err").textContent,
      }));
      eq(st.email, "true", "email aria-invalid");
      assert(/valid email/i.test(st.emailMsg), `email message ${JSON.stringify(st.emailMsg)}`);
      eq(st.name, "false", "name aria-invalid");
      eq(st.nameMsg, "", "name message");
    });

    await check("submitting the form opens a ticket that the bot answers from the KB with a citation", async () => {
      await page.getByLabel("Email").fill(customer.email);
      await page.getByRole("button", { name: "Start chat" }).click();
      const ticket = page.locator(`${W} [data-fl=ticket]`);
      await ticket.waitFor();
      assert(/#\d+/.test(await ticket.textContent()), "ticket notice has no number");
      eq(await page.locator(`${W} form.prechat`).count(), 0, "pre-chat forms still shown");
      const token = await page.evaluate((k) => localStorage.getItem(k), storageKey);
      assert(token?.startsWith("flc_"), `stored token ${JSON.stringify(token)}`);
      await waitFor(async () => (await threadTexts(page)).includes(customer.description), "the description in the thread");
      const bot = page.locator(`${W} li.msg.bot`).first();
      await bot.waitFor();
      eq(await bot.locator(".who").textContent(), botName, "bot name beside the answer");
      assert(/working days/.test(await bot.locator(".text").textContent()), `bot answer ${JSON.stringify(await bot.locator(".text").textContent())}`);
      const cite = bot.locator("a[data-fl=citation]");
      eq(await cite.count(), 1, "citations on the answer");
      eq(await cite.textContent(), "Shipping times and costs", "citation title");
      const href = await cite.getAttribute("href");
      assert(href?.startsWith(`${baseUrl}/kb/${widgetKey}/`), `citation link ${JSON.stringify(href)}`);
      const article = await fetch(href);
      eq(article.status, 200, "GET citation link status");
      assert((await article.text()).includes("Shipping times and costs"), "the linked page shows the article");
      // While the bot answers, nobody promises an agent; a person is one click away.
      eq(await page.locator(`${W} [data-fl=agent-notice]`).isVisible(), false, "agent notice while the bot answers");
      await page.locator(`${W} [data-fl=talk-to-person]`).waitFor({ state: "visible" });
      await shot(page, "1b-bot-answer");
    });

    await check("Enter sends a message, Shift+Enter makes a new line; the bot does not know an off-topic question", async () => {
      const box = page.getByLabel("Message", { exact: true });
      await waitFor(() => inWidget(page, (root) => root.activeElement?.id === "fl-compose"), "focus on the composer");
      await box.pressSequentially("Do you sell pizza?");
      await box.press("Shift+Enter");
      await box.pressSequentially("With extra cheese.");
      await box.press("Enter");
      const want = "Do you sell pizza?\nWith extra cheese.";
      await waitFor(async () => (await threadTexts(page)).includes(want), "the two-line message in the thread");
      await waitFor(async () => (await box.inputValue()) === "", "the composer to clear after sending");
      const answer = page.locator(`${W} li.msg.bot`).nth(1);
      await answer.waitFor();
      assert(/^I'm sorry, I don't know/.test(await answer.locator(".text").textContent()), `bot reply ${JSON.stringify(await answer.locator(".text").textContent())}`);
      eq(await answer.locator("a[data-fl=citation]").count(), 0, "citations on \"I don't know\"");
      await page.locator(`${W} [data-fl=talk-to-person]`).waitFor({ state: "visible" });
      await shot(page, "1c-bot-does-not-know");
    });

    await check("\"Talk to a person\" hands over and the widget shows it", async () => {
      await page.locator(`${W} [data-fl=talk-to-person]`).click();
      await page.locator(`${W} li.msg.system`, { hasText: "Handed to a person: I could not find the answer in our help articles." }).waitFor();
      await page.locator(`${W} [data-fl=agent-notice]`, { hasText: handoverNotice }).waitFor();
      await page.locator(`${W} [data-fl=talk-to-person]`).waitFor({ state: "hidden" });
      const bots = await page.locator(`${W} li.msg.bot`).count();
      const box = page.getByLabel("Message", { exact: true });
      await box.fill("Thanks, I will wait.");
      await box.press("Enter");
      await waitFor(async () => (await threadTexts(page)).includes("Thanks, I will wait."), "the message after the handover");
      await page.waitForTimeout(500);
      eq(await page.locator(`${W} li.msg.bot`).count(), bots, "bot messages after the handover");
      await shot(page, "1d-handed-over");
    });

    await check("the handed-over widget shows its queue position and an honest wait estimate", async () => {
      const queue = page.locator(`${W} [data-fl=queue]`);
      await queue.waitFor({ state: "visible" });
      const text = (await queue.textContent()) || "";
      assert(/^You are (next|number \d+) in the queue\./.test(text), `queue text ${JSON.stringify(text)}`);
      assert(/We don't have an estimate yet\.|Usually a person replies in/.test(text), `estimate in ${JSON.stringify(text)}`);
      eq(await queue.getAttribute("role"), "status", "queue role");
      // Outside business hours it promises an email; inside, it does not.
      const cfg = await page.evaluate(async ([base, key]) => {
        const r = await fetch(`${base}/frontline.v1.WidgetService/GetWidgetConfig`, {
          method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ widgetKey: key }),
        });
        return r.json();
      }, [baseUrl, widgetKey]);
      // The email is promised only by a server that can send it.
      eq(/We will email you/.test(text), cfg.openNow !== true && cfg.transcriptEmail === true, "email notice outside business hours");
      await shot(page, "1e-queue");
    });

    const agent = await login(baseUrl, company, agentEmail, agentPassword);
    let ticket;
    await check("the agent finds the new ticket by the customer's email, handed over with its reason", async () => {
      ticket = await waitFor(() => agent.findTicket(customer.email), "the ticket in ListTickets");
      eq(ticket.customer?.name, customer.name, "ticket customer name");
      eq(ticket.handoverReason, "I could not find the answer in our help articles", "ticket handover reason");
    });

    await page.evaluate(() => {
      window.__sameDocument = true;
    });
    const reply = `Hi Riley, a bent hanger is likely. Bring it by and we will align it (${stamp}).`;
    await check("the agent's reply appears in the widget live, with the agent's name", async () => {
      await agent.reply(ticket.id, reply, false);
      await page.locator(`${W} li.msg.agent`, { hasText: reply }).waitFor();
      await page.locator(`${W} [data-fl=queue]`).waitFor({ state: "hidden" });
      const who = await page.locator(`${W} li.msg.agent .who`).last().textContent();
      assert(who && /maya/i.test(who), `author label ${JSON.stringify(who)}`);
      eq(await page.evaluate(() => window.__sameDocument), true, "page was not reloaded");
      await page.locator(`${W} [data-fl=agent-notice]`, { hasText: agentNotice }).waitFor();
      await shot(page, "2-agent-reply-live");
    });

    const note = `INTERNAL NOTE ${stamp}: customer may need a new hanger`;
    const followUp = `Our workshop is open until 6 pm today (${stamp}).`;
    await check("an internal note never reaches the widget", async () => {
      await agent.reply(ticket.id, note, true);
      await agent.reply(ticket.id, followUp, false);
      await page.locator(`${W} li.msg`, { hasText: followUp }).waitFor();
      const texts = await threadTexts(page);
      assert(!texts.some((t) => t.includes("INTERNAL NOTE")), "internal note shown in the widget");
      const all = await agent.messages(ticket.id);
      assert(all.some((m) => m.internal && m.body === note), "internal note missing on the desk side");
    });

    await check("each message is shown once (stream and responses deduplicated)", async () => {
      const ids = await inWidget(page, (root) => [...root.querySelectorAll("ol.thread li")].map((li) => li.dataset.messageId));
      eq(new Set(ids).size, ids.length, "distinct message ids");
      const texts = await threadTexts(page);
      eq(texts.filter((t) => t === reply).length, 1, "copies of the reply");
    });

    const xss = "<img src=x onerror=window.__xss=1>";
    await check("markup sent as a message renders as text and never runs", async () => {
      const box = page.getByLabel("Message", { exact: true });
      await box.fill(xss);
      await box.press("Enter");
      await waitFor(async () => (await threadTexts(page)).includes(xss), "the markup as literal text");
      await page.waitForTimeout(500);
      eq(await inWidget(page, (root) => root.querySelectorAll("ol.thread img").length), 0, "img elements in the thread");
      eq(await page.evaluate(() => typeof window.__xss), "undefined", "typeof window.__xss");
      await shot(page, "3-xss-as-text");
    });

    await check("after a reload the conversation resumes from the stored token", async () => {
      await page.reload();
      await launcher.click();
      await page.locator(`${W} li.msg`, { hasText: followUp }).waitFor();
      const texts = await threadTexts(page);
      for (const want of [customer.description, reply, followUp, xss]) {
        assert(texts.includes(want), `thread after reload lacks ${JSON.stringify(want)}`);
      }
      assert(!texts.some((t) => t.includes("INTERNAL NOTE")), "internal note shown after reload");
      eq(await page.locator(`${W} form.prechat`).count(), 0, "pre-chat forms after reload");
      eq(await inWidget(page, (root) => root.querySelectorAll("ol.thread img").length), 0, "img elements after reload");
      eq(await page.evaluate(() => typeof window.__xss), "undefined", "typeof window.__xss after reload");
      await shot(page, "4-resumed");
    });

    await check("the live stream works again after the reload", async () => {
      const again = `Parts are in stock (${stamp}).`;
      await agent.reply(ticket.id, again, false);
      await page.locator(`${W} li.msg.agent`, { hasText: again }).waitFor();
    });

    await check("the agent's typing shows in the widget and clears with the reply", async () => {
      await agent.typing(ticket.id, true);
      const typing = page.locator(`${W} [data-fl=typing]`);
      await typing.waitFor({ state: "visible" });
      assert(/maya.*is typing/i.test(await typing.textContent()), `typing text ${JSON.stringify(await typing.textContent())}`);
      await shot(page, "7-typing");
      const answer = `Typing done (${stamp}).`;
      await agent.reply(ticket.id, answer, false);
      await page.locator(`${W} li.msg.agent`, { hasText: answer }).waitFor();
      await typing.waitFor({ state: "hidden" });
    });

    // A real 1x1 PNG, and text that only pretends to be one.
    const png = Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
      "base64",
    );
    await check("an image attachment uploads and shows as a thumbnail (type checked by bytes)", async () => {
      const file = page.locator(`${W} input[type=file]`);
      await file.setInputFiles({ name: "scratch.png", mimeType: "image/png", buffer: png });
      const img = page.locator(`${W} li.msg.customer .att img[alt="scratch.png"]`);
      await img.waitFor();
      await waitFor(() => img.evaluate((el) => el.complete && el.naturalWidth === 1 && el.src.startsWith("blob:")), "the thumbnail to load from a blob: URL");
      await file.setInputFiles({ name: "fake.png", mimeType: "image/png", buffer: Buffer.from("<script>window.__xss=2</script>") });
      const banner = page.locator(`${W} .banner`);
      await banner.waitFor({ state: "visible" });
      assert(/PNG, JPEG, GIF or WebP image or a PDF/.test(await banner.textContent()), `banner ${JSON.stringify(await banner.textContent())}`);
      eq(await page.evaluate(() => typeof window.__xss), "undefined", "typeof window.__xss");
      const all = await agent.messages(ticket.id);
      assert(all.some((m) => m.attachments.some((a) => a.filename === "scratch.png" && a.contentType === "image/png")), "attachment missing on the desk side");
      await shot(page, "8-attachment");
    });

    await check("outside business hours the widget says so, promising an email only when the server can send one", async () => {
      const admin = await login(baseUrl, company, process.env.FRONTLINE_ADMIN_EMAIL || "ada@northwind.test", agentPassword);
      // Open only for one hour three days from now: closed at this moment.
      const day = (new Date().getUTCDay() + 3) % 7;
      // Settings are replaced as a whole: keep the demo's bot on.
      await admin.setWidgetSettings({ botEnabled: true, businessHours: { timeZone: "UTC", days: [{ weekday: day, open: "09:00", close: "10:00" }] } });
      try {
        await page.reload();
        await launcher.click();
        const offline = page.locator(`${W} [data-fl=offline]`);
        await offline.waitFor();
        const mail = await page.evaluate(async ([base, key]) => {
          const r = await fetch(`${base}/frontline.v1.WidgetService/GetWidgetConfig`, {
            method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ widgetKey: key }),
          });
          return (await r.json()).transcriptEmail === true;
        }, [baseUrl, widgetKey]);
        const want = mail ? /outside business hours.*email you/i : /outside business hours.*answer here/i;
        assert(want.test(await offline.textContent()), `notice ${JSON.stringify(await offline.textContent())} (server mails: ${mail})`);
        await shot(page, "9-offline");
      } finally {
        await admin.setWidgetSettings({ botEnabled: true });
      }
      await page.reload();
      await launcher.click();
      await page.locator(`${W} ol.thread`).waitFor();
      eq(await page.locator(`${W} [data-fl=offline]`).count(), 0, "offline notices within business hours");
    });

    await check("a resolved conversation asks for a rating, stored on the ticket", async () => {
      await agent.resolve(ticket.id);
      const form = page.getByRole("form", { name: "Rate this conversation" });
      await form.waitFor();
      await page.getByRole("button", { name: "Send rating" }).click();
      await page.locator(`${W} .rate .err`, { hasText: "Choose a rating" }).waitFor();
      await page.getByRole("button", { name: "4 of 5" }).click();
      eq(await page.getByRole("button", { name: "5 of 5" }).getAttribute("aria-pressed"), "false", "fifth star pressed");
      await page.getByLabel("Comment (optional)").fill("Quick and friendly.");
      await shot(page, "10-rating");
      await page.getByRole("button", { name: "Send rating" }).click();
      await page.locator(`${W} [data-fl=rated]`).waitFor();
      const t = await agent.ticket(ticket.id);
      eq(t?.rating, 4, "ticket rating");
      eq(t?.ratingComment, "Quick and friendly.", "ticket rating comment");
    });

    await check("a network failure is explained in the panel", async () => {
      await page.route("**/frontline.v1.WidgetService/SendMessage", (route) => route.abort("internetdisconnected"));
      const box = page.getByLabel("Message", { exact: true });
      await box.fill("Are you open on Sunday?");
      await box.press("Enter");
      const banner = page.locator(`${W} .banner`);
      await banner.waitFor({ state: "visible" });
      assert(/offline|reach/i.test(await banner.textContent()), `banner ${JSON.stringify(await banner.textContent())}`);
      eq(await box.inputValue(), "Are you open on Sunday?", "composer keeps the unsent text");
      await shot(page, "5-network-error");
      await page.unroute("**/frontline.v1.WidgetService/SendMessage");
      await box.press("Enter");
      await waitFor(async () => (await threadTexts(page)).includes("Are you open on Sunday?"), "the retried message");
      await banner.waitFor({ state: "hidden" });
    });

    await check("a rejected token is forgotten and the form is shown", async () => {
      await page.evaluate((k) => localStorage.setItem(k, "flc_NOTAREALTOKENAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), storageKey);
      await page.reload();
      await launcher.click();
      await page.locator(`${W} form.prechat`).waitFor();
      await waitFor(async () => (await page.evaluate((k) => localStorage.getItem(k), storageKey)) === null, "the token to be forgotten");
    });

    await check("the widget works in another origin's page with a strict CSP (CORS)", async () => {
      // A real server on another port: another origin, so the widget's
      // calls are cross-origin (CORS preflights included), while Chromium's
      // local network access rules see loopback on both sides.
      // Its strict Content-Security-Policy allows only the widget's script
      // and calls: no inline styles, no eval, Trusted Types enforced. Its own
      // hostile CSS must not reach into the widget.
      const shopServer = createServer((req, res) => {
        res.writeHead(200, {
          "Content-Type": "text/html; charset=utf-8",
          "Content-Security-Policy": `default-src 'none'; script-src ${baseUrl}/widget.js; connect-src ${baseUrl}; style-src 'nonce-shop'; require-trusted-types-for 'script'`,
        });
        res.end(`<!doctype html><title>Elsewhere</title><style nonce="shop">*{all:unset!important}button{display:none!important}</style>
<h1>Another shop</h1><script src="${baseUrl}/widget.js" data-widget-key="${widgetKey}" async></script>`);
      });
      await new Promise((r) => shopServer.listen(0, "127.0.0.1", r));
      cleanups.push(() => new Promise((r) => shopServer.close(r)));
      const shop = `http://127.0.0.1:${shopServer.address().port}`;
      await page.goto(`${shop}/help`);
      await waitFor(async () => (await launcher.getAttribute("aria-label"))?.includes(company), "launcher label cross-origin");
      const look = await launcher.evaluate((el) => {
        const cs = getComputedStyle(el);
        return { position: cs.position, width: cs.width, display: cs.display };
      });
      eq(JSON.stringify(look), JSON.stringify({ position: "fixed", width: "56px", display: "grid" }), "launcher style under CSP");
      await launcher.click();
      await page.getByLabel("Your name").fill(customer.name);
      await page.getByLabel("Email").fill(customer.email);
      await page.getByLabel("How can we help?").fill(`Cross-origin question (${stamp}).`);
      await page.getByRole("button", { name: "Start chat" }).click();
      await page.locator(`${W} [data-fl=ticket]`).waitFor();
      const box = page.getByLabel("Message", { exact: true });
      await box.fill("Sent with a bearer token across origins.");
      await box.press("Enter");
      await waitFor(async () => (await threadTexts(page)).includes("Sent with a bearer token across origins."), "the cross-origin message");
      const t = await waitFor(async () => {
        const found = await agent.findTicket(customer.email);
        return found && found.id !== ticket.id ? found : null;
      }, "the cross-origin ticket");
      const answer = `Answered across origins (${stamp}).`;
      await agent.reply(t.id, answer, false);
      await page.locator(`${W} li.msg.agent`, { hasText: answer }).waitFor();
      await shot(page, "6-cross-origin");
    });

    await check("no uncaught errors on the page", async () => {
      eq(pageErrors.length, 0, `page errors ${JSON.stringify(pageErrors)}`);
    });

    await labJourney(browser, login, stamp);
  } catch (err) {
    if (!(err instanceof StepFailed)) {
      failed++;
      console.log(`FAIL unexpected error: ${err?.stack || err}`);
    }
    await shot(page, "failure").catch(() => {});
  } finally {
    await browser.close();
    for (const f of cleanups) await f();
  }
}

// ---- the lab server: streamed LLM answers and the auto-close ------------

const labIdleSeconds = 6;
const streamedAnswer =
  "Standard shipping takes 3 to 5 working days and is free over 500 euros; express shipping takes 1 to 2 working days.";

/** serverBinary finds (or builds) the frontline-server binary. */
function serverBinary() {
  const repo = resolve(here, "..", "..", "..");
  const candidates = [process.env.FRONTLINE_SERVER_BIN, join(repo, "build", "bin", "frontline-server")].filter(Boolean);
  for (const c of candidates) if (existsSync(c)) return c;
  const out = join(tmpdir(), `frontline-server-e2e-${process.pid}`);
  execFileSync("go", ["build", "-o", out, "./server/cmd/frontline-server"], { cwd: repo, stdio: "inherit" });
  cleanups.push(() => rm(out, { force: true }));
  return out;
}

/**
 * startFakeLLM serves an OpenAI-compatible /v1/chat/completions that streams
 * its reply as server-sent events, a few characters every 40 ms, in the
 * bot's JSON reply format, citing the first passage the prompt offers.
 */
async function startFakeLLM() {
  const srv = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", async () => {
      const cite = (body.match(/kb:[0-9a-f]{32}#[0-9]+/) || [""])[0];
      const reply = JSON.stringify({ answer: streamedAnswer, citations: [cite], handover: false });
      const chunk = (delta, finish = null) =>
        `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", model: "fake", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
      let stream = false;
      try {
        stream = JSON.parse(body).stream === true;
      } catch {}
      if (!stream) {
        res.writeHead(200, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ id: "c", object: "chat.completion", model: "fake",
          choices: [{ index: 0, message: { role: "assistant", content: reply }, finish_reason: "stop" }],
          usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 } }));
        return;
      }
      res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-cache" });
      for (let i = 0; i < reply.length; i += 10) {
        res.write(chunk(i === 0 ? { role: "assistant", content: reply.slice(i, i + 10) } : { content: reply.slice(i, i + 10) }));
        await new Promise((r) => setTimeout(r, 40));
      }
      res.write(chunk({}, "stop"));
      res.end("data: [DONE]\n\n");
    });
  });
  await new Promise((r) => srv.listen(0, "127.0.0.1", r));
  cleanups.push(() => new Promise((r) => srv.close(r)));
  return `http://127.0.0.1:${srv.address().port}`;
}

/** startLab runs a demo server with a seconds-long inactivity timeout. */
async function startLab() {
  const bin = serverBinary();
  const data = await mkdtemp(join(tmpdir(), "frontline-lab-"));
  const args = ["--demo", "--data", data, "--addr", "127.0.0.1:0", "--models", "",
    "--inactivity-override", `${labIdleSeconds}s`, "--scheduler-poll", "250ms", "--widget-rate-ip", "0"];
  const proc = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  proc.stderr.on("data", (d) => (log += d));
  cleanups.push(async () => {
    if (proc.exitCode === null) {
      proc.kill("SIGTERM");
      await new Promise((r) => proc.once("exit", r));
    }
    await rm(data, { recursive: true, force: true });
    await import("node:fs/promises").then((fs) => fs.writeFile(join(artifacts, "widget-lab-server.log"), log));
  });
  const url = await new Promise((res, rej) => {
    let out = "";
    const t = setTimeout(() => rej(new Error(`lab server did not start:\n${log}`)), 20_000);
    proc.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) {
        clearTimeout(t);
        res(m[1]);
      }
    });
    proc.once("exit", (code) => rej(new Error(`lab server exited ${code}:\n${log}`)));
  });
  await waitFor(async () => (await fetch(`${url}/healthz`).catch(() => null))?.ok, "lab /healthz");
  return url;
}

async function labJourney(browser, login, stamp) {
  const t0 = Date.now();
  let lab, ctx, page;
  await check("lab server: demo tenant with a streaming LLM and a short inactivity timeout", async () => {
    const [url, llm] = await Promise.all([startLab(), startFakeLLM()]);
    lab = url;
    const admin = await login(lab, company, process.env.FRONTLINE_ADMIN_EMAIL || "ada@northwind.test", agentPassword);
    await admin.setAISettings({ provider: "openai", model: "fake-stream", baseUrl: `${llm}/v1`, timeoutSeconds: 10 }, "sk-e2e-fake");
    ctx = await browser.newContext({ viewport: { width: 360, height: 740 } });
    cleanups.unshift(() => ctx.close());
    page = await ctx.newPage();
    page.setDefaultTimeout(timeout);
    await page.goto(`${lab}/demo/${widgetKey}`);
    await page.locator(`${W} button.launcher`).click();
    await page.getByLabel("Your name").fill("Sky Streamer");
    await page.getByLabel("Email").fill(`sky.${stamp}@example.com`);
    await page.getByLabel("How can we help?").fill("Hello there");
    await page.getByRole("button", { name: "Start chat" }).click();
    await page.locator(`${W} [data-fl=ticket]`).waitFor();
    await page.locator(`${W} li.msg.bot`).first().waitFor();
  });

  await check("the bot's LLM answer streams in as text, then the final message with citations replaces it", async () => {
    // Record every text a partial bubble shows, and the bubble's state.
    await inWidget(page, (root) => {
      window.__partials = [];
      new MutationObserver(() => {
        for (const li of root.querySelectorAll("li[data-fl=partial]")) {
          const text = li.querySelector(".text").textContent;
          const last = window.__partials.at(-1);
          if (!last || last.text !== text) {
            window.__partials.push({ id: li.dataset.messageId, text, busy: li.getAttribute("aria-busy"), html: li.querySelector(".text").children.length });
          }
        }
      }).observe(root, { subtree: true, childList: true, characterData: true });
    });
    const box = page.getByLabel("Message", { exact: true });
    await box.fill("How long does shipping take?");
    await box.press("Enter");
    const final = page.locator(`${W} li.msg.bot`, { hasText: streamedAnswer });
    await final.locator("a[data-fl=citation]").waitFor();
    const partials = await page.evaluate(() => window.__partials);
    assert(partials.length >= 3, `partials seen: ${JSON.stringify(partials)}`);
    let prev = "";
    for (const p of partials) {
      assert(streamedAnswer.startsWith(p.text) && p.text.length > prev.length, `partial ${JSON.stringify(p.text)} after ${JSON.stringify(prev)}`);
      eq(p.busy, "true", "aria-busy of the partial");
      eq(p.html, 0, "elements inside the partial's text");
      prev = p.text;
    }
    const id = await final.getAttribute("data-message-id");
    eq(partials[0].id, id, "the partial's id is the final message's id");
    eq(await page.locator(`${W} li[data-message-id="${id}"]`).count(), 1, "bubbles with the answer's id");
    eq(await page.locator(`${W} li[data-fl=partial]`).count(), 0, "partials left after the final message");
    eq(await final.locator("a[data-fl=citation]").textContent(), "Shipping times and costs", "citation title");
    eq(await page.locator(`${W} ol.thread`).getAttribute("aria-live"), "polite", "thread aria-live");
    await shot(page, "11-streamed-answer");
  });

  await check(`an idle conversation is closed by the scheduler (${labIdleSeconds} s) and asks for a rating`, async () => {
    const closed = page.locator(`${W} li.msg.system`, { hasText: "This conversation was closed after" });
    await closed.waitFor({ timeout: (labIdleSeconds + 10) * 1000 });
    const notice = page.locator(`${W} [data-fl=conv-notice]`);
    await notice.waitFor({ state: "visible" });
    assert(/closed after a period of inactivity.*reopen/i.test(await notice.textContent()), `notice ${JSON.stringify(await notice.textContent())}`);
    await page.getByRole("form", { name: "Rate this conversation" }).waitFor();
    await shot(page, "12-auto-closed");
  });

  await check("writing within the grace period reopens the conversation", async () => {
    const box = page.getByLabel("Message", { exact: true });
    await box.fill("Actually, one more question.");
    await box.press("Enter");
    await waitFor(async () => (await threadTexts(page)).includes("Actually, one more question."), "the message after the close");
    await page.locator(`${W} [data-fl=conv-notice]`).waitFor({ state: "hidden" });
    await page.getByRole("form", { name: "Rate this conversation" }).waitFor({ state: "hidden" });
    const conv = await page.evaluate(async ([base, key]) => {
      const r = await fetch(`${base}/frontline.v1.WidgetService/GetConversation`, {
        method: "POST", headers: { "Content-Type": "application/json", Authorization: "Bearer " + localStorage.getItem(key) }, body: "{}",
      });
      return (await r.json()).conversation;
    }, [lab, storageKey]);
    eq(conv?.status, "TICKET_STATUS_OPEN", "conversation status after the reply");
    await shot(page, "13-reopened");
    console.log(`     lab journey took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  });
}

await main().catch((err) => {
  failed++;
  console.log(`FAIL setup: ${err?.stack || err}`);
});
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
