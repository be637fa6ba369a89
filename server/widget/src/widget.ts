// The chat widget: a launcher button and a panel in a shadow root, the
// pre-chat form, the conversation thread, and the live stream that keeps it
// current. Everything the customer or the server wrote is shown through
// textContent only.
import {
  AuthorKind,
  TicketStatus,
  createWidgetClient,
  describeError,
  fieldError,
  isAborted,
  isExhausted,
  isTokenRejected,
  type Attachment,
  type Conversation,
  type GetWidgetConfigResponse,
  type Message,
  type PartialMessage,
  type Typing,
  type WidgetClient,
} from "./api";
import { h, setText } from "./dom";
import { forgetToken, loadToken, saveToken } from "./storage";
import { styles } from "./styles";
import { chars, fieldNames, limits, validateForm, type FieldName, type PrechatForm } from "./validate";

const defaultAccent = "#2563eb";
/** Accepted attachment types; the server checks the bytes again. */
const attachTypes = ["image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf"];
const offlineText = "We're outside business hours right now — leave your message and we will email you when we're back.";
/** offlineTextNoMail is the notice when the server cannot send email. */
const offlineTextNoMail = "We're outside business hours right now — leave your message and a person will answer here when we're back.";

/** chatIcon draws the launcher's speech bubble without parsing markup. */
function chatIcon(): SVGSVGElement {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const path = document.createElementNS(ns, "path");
  path.setAttribute("d", "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z");
  svg.append(path);
  return svg;
}

/** fieldLabels name the form's fields in sentences such as "Email is required." */
const fieldLabels: Record<FieldName, string> = {
  name: "Your name",
  email: "Email",
  product: "Product",
  description: "The description",
};

/** Options the embed snippet supplies. */
export interface WidgetOptions {
  baseUrl: string;
  widgetKey: string;
}

interface Field {
  input: HTMLInputElement | HTMLTextAreaElement;
  error: HTMLElement;
}

/**
 * adoptStyles gives root a stylesheet and returns its setter. A constructed
 * stylesheet is not inline CSS, so host pages whose Content-Security-Policy
 * forbids inline styles still style the widget; older browsers get a
 * <style> element.
 */
function adoptStyles(root: ShadowRoot): (css: string) => void {
  if ("adoptedStyleSheets" in root && typeof CSSStyleSheet === "function" && "replaceSync" in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    root.adoptedStyleSheets = [sheet];
    return (css) => sheet.replaceSync(css);
  }
  const el = h("style");
  root.append(el);
  return (css) => setText(el, css);
}

/** backoff returns the wait before reconnect attempt n (0-based), with jitter. */
export function backoff(n: number): number {
  const base = Math.min(30_000, 1_000 * 2 ** Math.min(n, 5));
  return base / 2 + Math.random() * (base / 2);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(t);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}

export class Widget {
  private readonly client: WidgetClient;
  private readonly key: string;
  private token: string | null;
  private config: GetWidgetConfigResponse | null = null;

  private readonly root: ShadowRoot;
  private readonly setStyles: (css: string) => void;
  private readonly launcher: HTMLButtonElement;
  private readonly panel: HTMLElement;
  private readonly title: HTMLElement;
  private readonly banner: HTMLElement;
  private readonly status: HTMLElement;
  private readonly content: HTMLElement;

  // Form view.
  private fields: Partial<Record<FieldName, Field>> = {};
  // Chat view.
  private thread: HTMLOListElement | null = null;
  private composer: HTMLTextAreaElement | null = null;
  private convNotice: HTMLElement | null = null;
  private readonly seen = new Set<string>();
  /** partials are the bot answers being written, by the id they will have. */
  private readonly partials = new Map<string, HTMLLIElement>();
  private lastId = "";
  private watch: AbortController | null = null;
  private typingEl: HTMLElement | null = null;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private typingSent = 0;
  private rateBox: HTMLElement | null = null;
  private agentNotice: HTMLElement | null = null;
  private queueEl: HTMLElement | undefined;
  private humanBox: HTMLElement | null = null;
  private readonly baseUrl: string;

  constructor(host: HTMLElement, opts: WidgetOptions) {
    this.key = opts.widgetKey;
    this.baseUrl = opts.baseUrl;
    this.token = loadToken(this.key);
    this.client = createWidgetClient(opts.baseUrl, () => this.token);

    this.root = host.attachShadow({ mode: "open" });
    this.setStyles = adoptStyles(this.root);
    this.setStyles(styles(defaultAccent));
    this.launcher = h("button", {
      class: "launcher",
      type: "button",
      "aria-label": "Open support chat",
      "aria-expanded": "false",
      "aria-controls": "fl-panel",
      "aria-haspopup": "dialog",
    });
    this.launcher.append(chatIcon());
    this.title = h("h2", { id: "fl-title" }, "Support");
    const close = h("button", { class: "close", type: "button", "aria-label": "Close chat" }, "×");
    this.banner = h("p", { class: "banner", role: "alert", hidden: true });
    this.status = h("p", { class: "status", role: "status", hidden: true });
    this.content = h("div", { class: "chat" });
    this.panel = h(
      "div",
      { class: "panel", id: "fl-panel", role: "dialog", "aria-modal": "false", "aria-labelledby": "fl-title", hidden: true },
      h("header", {}, h("div", { class: "titles" }, this.title, h("p", {}, "We're here to help")), close),
      this.banner,
      this.status,
      this.content,
    );
    this.root.append(this.launcher, this.panel);

    this.launcher.addEventListener("click", () => (this.panel.hidden ? this.open() : this.close()));
    close.addEventListener("click", () => this.close());
    this.root.addEventListener("keydown", (e) => {
      if (e instanceof KeyboardEvent && e.key === "Escape" && !this.panel.hidden) {
        e.stopPropagation();
        this.close();
      }
    });

    this.renderLoading("Loading…");
    void this.start();
  }

  // ---- lifecycle -------------------------------------------------------

  private async start(): Promise<void> {
    await this.loadConfig();
    if (!this.config) return;
    if (this.token) await this.resume();
    else this.renderForm();
  }

  private async loadConfig(): Promise<void> {
    const stop = new AbortController().signal;
    for (let n = 0; ; n++) {
      try {
        const cfg = await this.client.getWidgetConfig({ widgetKey: this.key });
        this.applyConfig(cfg);
        this.clearError();
        return;
      } catch (err) {
        this.showError(describeError(err));
        if (!this.retryable(err)) {
          this.renderLoading("The chat is unavailable.");
          return;
        }
        await sleep(backoff(n), stop);
      }
    }
  }

  private applyConfig(cfg: GetWidgetConfigResponse): void {
    this.config = cfg;
    const accent = /^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/.test(cfg.accentColor) ? cfg.accentColor : defaultAccent;
    this.setStyles(styles(accent));
    const company = cfg.companyName || "Support";
    setText(this.title, company);
    this.launcher.setAttribute("aria-label", `Open chat with ${company}`);
  }

  private async resume(): Promise<void> {
    this.renderLoading("Loading your conversation…");
    const stop = new AbortController().signal;
    for (let n = 0; ; n++) {
      try {
        const res = await this.client.getConversation({});
        this.clearError();
        this.renderChat(res.conversation, res.messages, false);
        return;
      } catch (err) {
        if (isTokenRejected(err)) {
          this.forget();
          this.renderForm();
          return;
        }
        this.showError(describeError(err));
        await sleep(backoff(n), stop);
      }
    }
  }

  private retryable(err: unknown): boolean {
    return !isTokenRejected(err) && !fieldError(err);
  }

  private forget(): void {
    this.watch?.abort();
    this.watch = null;
    this.token = null;
    forgetToken(this.key);
    this.seen.clear();
    this.lastId = "";
  }

  // ---- open / close ----------------------------------------------------

  open(): void {
    this.panel.hidden = false;
    this.launcher.setAttribute("aria-expanded", "true");
    this.setUnread(false);
    const target =
      this.composer ??
      Object.values(this.fields).find((f) => f?.input.getAttribute("aria-invalid") === "true")?.input ??
      this.fields.name?.input;
    (target ?? this.panel.querySelector<HTMLElement>(".close"))?.focus();
    this.scrollToEnd();
  }

  close(): void {
    if (this.panel.hidden) return;
    this.panel.hidden = true;
    this.launcher.setAttribute("aria-expanded", "false");
    this.launcher.focus();
  }

  private setUnread(on: boolean): void {
    const company = this.config?.companyName || "Support";
    this.launcher.setAttribute("aria-label", on ? `Open chat with ${company} (new reply)` : `Open chat with ${company}`);
    this.launcher.style.boxShadow = on ? "0 0 0 4px #fbbf24, 0 4px 14px rgba(0,0,0,.25)" : "";
  }

  // ---- banner and status -----------------------------------------------

  private showError(text: string): void {
    setText(this.banner, text);
    this.banner.hidden = false;
  }

  private clearError(): void {
    this.banner.hidden = true;
    setText(this.banner, "");
  }

  private setStatus(text: string): void {
    setText(this.status, text);
    this.status.hidden = !text;
  }

  // ---- views -----------------------------------------------------------

  private renderLoading(text: string): void {
    this.fields = {};
    this.thread = null;
    this.composer = null;
    this.content.replaceChildren(h("div", { class: "body" }, h("p", {}, text)));
  }

  private renderForm(notice?: string): void {
    this.thread = null;
    this.composer = null;
    this.setStatus("");
    const spec: Record<FieldName, { label: string; type: string; auto?: string; optional?: boolean }> = {
      name: { label: "Your name", type: "text", auto: "name" },
      email: { label: "Email", type: "email", auto: "email" },
      product: { label: "Product (optional)", type: "text", optional: true },
      description: { label: "How can we help?", type: "textarea" },
    };
    this.fields = {};
    const rows: HTMLElement[] = [];
    for (const name of fieldNames) {
      const s = spec[name];
      const id = `fl-${name}`;
      const attrs = {
        id,
        name,
        "aria-describedby": `${id}-err`,
        "aria-invalid": "false",
        "aria-required": s.optional ? undefined : "true",
        autocomplete: s.auto ?? "off",
        maxlength: String(limits[name]),
      };
      const input = s.type === "textarea" ? h("textarea", { ...attrs, rows: "4" }) : h("input", { ...attrs, type: s.type });
      const error = h("p", { class: "err", id: `${id}-err` });
      this.fields[name] = { input, error };
      rows.push(h("div", {}, h("label", { for: id }, s.label), input, error));
    }
    const submit = h("button", { class: "primary", type: "submit" }, "Start chat");
    const form = h(
      "form",
      { class: "prechat", novalidate: true, "aria-label": "Start a conversation" },
      notice ? h("p", { class: "notice" }, notice) : null,
      this.offlineNotice(),
      h("p", { class: "greet" }, this.config?.greeting || "Tell us a little about your question and we'll get back to you here."),
      ...rows,
      submit,
    );
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      void this.submitForm(submit);
    });
    this.content.replaceChildren(h("div", { class: "body" }, form));
    if (!this.panel.hidden) this.fields.name?.input.focus();
  }

  /** offlineNotice says when agents are away (outside business hours). */
  private offlineNotice(): HTMLElement | null {
    if (!this.config || this.config.openNow) return null;
    // Email is promised only when the server can send it (it then mails the agents' replies).
    return h("p", { class: "notice", "data-fl": "offline" }, this.config.transcriptEmail ? offlineText : offlineTextNoMail);
  }

  private setFieldError(name: FieldName, text: string): void {
    const f = this.fields[name];
    if (!f) return;
    setText(f.error, text);
    f.input.setAttribute("aria-invalid", text ? "true" : "false");
  }

  private async submitForm(submit: HTMLButtonElement): Promise<void> {
    const values = {} as PrechatForm;
    for (const name of fieldNames) values[name] = this.fields[name]?.input.value ?? "";
    const errs = validateForm(values);
    let first: FieldName | null = null;
    for (const name of fieldNames) {
      this.setFieldError(name, errs[name] ?? "");
      if (errs[name] && !first) first = name;
    }
    if (first) {
      this.fields[first]?.input.focus();
      return;
    }
    this.clearError();
    submit.disabled = true;
    setText(submit, "Starting…");
    try {
      const res = await this.client.startConversation({
        widgetKey: this.key,
        name: values.name.trim(),
        email: values.email.trim(),
        product: values.product.trim(),
        description: values.description.trim(),
      });
      this.token = res.token;
      saveToken(this.key, res.token);
      this.renderChat(res.conversation, res.messages, true);
    } catch (err) {
      submit.disabled = false;
      setText(submit, "Start chat");
      const fe = fieldError(err);
      const field = fe && (fieldNames as readonly string[]).includes(fe.field) ? (fe.field as FieldName) : null;
      if (fe && field) {
        this.setFieldError(field, `${fieldLabels[field]} ${fe.reason}.`);
        this.fields[field]?.input.focus();
      } else {
        this.showError(describeError(err));
      }
    }
  }

  private renderChat(conv: Conversation | undefined, messages: Message[], fresh: boolean): void {
    this.fields = {};
    this.seen.clear();
    this.partials.clear();
    this.lastId = "";
    const body = h("div", { class: "body" });
    if (conv) {
      body.append(
        h("p", { class: "notice", "data-fl": "ticket" }, `${fresh ? "Ticket" : "Your ticket"} #${conv.number.toString()}${fresh ? " created" : ""}. This conversation is saved in this browser, so you can leave and come back to it.`),
      );
    }
    const offline = this.offlineNotice();
    if (offline) body.append(offline);
    // Shown by setConversation when the bot is off or has handed over.
    this.agentNotice = h("p", { class: "notice", "data-fl": "agent-notice", role: "status", hidden: true });
    if (!offline) body.append(this.agentNotice);
    // The handover queue (position, wait estimate, out-of-hours notice), under the thread.
    this.queueEl = h("p", { class: "notice", "data-fl": "queue", role: "status", hidden: true });
    this.thread = h("ol", { class: "thread", role: "log", "aria-live": "polite", "aria-label": "Conversation" });
    this.typingEl = h("p", { class: "typing", "data-fl": "typing", "aria-live": "polite", hidden: true });
    this.convNotice = h("div", { class: "notice", "data-fl": "conv-notice", hidden: true });
    this.rateBox = h("div", { hidden: true });
    const talk = h("button", { class: "link", type: "button", "data-fl": "talk-to-person" }, "Talk to a person");
    talk.addEventListener("click", () => void this.requestHuman(talk));
    this.humanBox = h("p", { class: "human", "data-fl": "human", hidden: true }, talk);
    body.append(this.thread, this.typingEl, this.queueEl, this.humanBox, this.convNotice, this.rateBox);

    this.composer = h("textarea", {
      id: "fl-compose",
      rows: "1",
      placeholder: "Write a message…",
      maxlength: String(limits.message),
      "aria-describedby": "fl-compose-help",
    });
    const send = h("button", { class: "primary", type: "submit" }, "Send");
    const file = h("input", { type: "file", class: "sr", id: "fl-file", accept: attachTypes.join(","), tabindex: "-1", "aria-hidden": "true" });
    const attach = h("button", { class: "attach", type: "button", "aria-label": "Attach an image or PDF", title: "Attach an image or PDF" }, "📎");
    attach.addEventListener("click", () => file.click());
    file.addEventListener("change", () => {
      const f = file.files?.[0];
      file.value = "";
      if (f) void this.upload(f, attach);
    });
    const composer = h(
      "form",
      { class: "composer", "aria-label": "Send a message" },
      h("label", { class: "sr", for: "fl-compose" }, "Message"),
      h("span", { class: "sr", id: "fl-compose-help" }, "Enter sends, Shift+Enter starts a new line."),
      attach,
      file,
      this.composer,
      send,
    );
    this.composer.addEventListener("input", () => this.typing(true));
    const tools = h("div", { class: "tools" });
    if (this.config?.transcriptEmail) {
      const mail = h("button", { class: "link", type: "button", "data-fl": "transcript" }, "Email me the transcript");
      mail.addEventListener("click", () => void this.emailTranscript(mail));
      tools.append(mail);
    }
    composer.addEventListener("submit", (e) => {
      e.preventDefault();
      void this.sendMessage(send);
    });
    this.composer.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        composer.requestSubmit();
      }
    });
    this.content.replaceChildren(body, composer, tools);
    for (const m of messages) this.addMessage(m);
    this.setConversation(conv);
    if (!this.panel.hidden) this.composer.focus();
    this.startWatch();
  }

  private setConversation(conv: Conversation | undefined): void {
    if (!conv || !this.convNotice) return;
    const n = this.convNotice;
    n.replaceChildren();
    n.hidden = true;
    const closed = conv.status === TicketStatus.CLOSED;
    this.setBotState(conv);
    if (conv.status === TicketStatus.RESOLVED) {
      n.append("This ticket is marked resolved. Write again if you still need help.");
      n.hidden = false;
    } else if (closed && conv.reopenUntil && Number(conv.reopenUntil.seconds) * 1000 > Date.now()) {
      const until = new Date(Number(conv.reopenUntil.seconds) * 1000).toLocaleString();
      n.append(`This conversation was closed after a period of inactivity. Write a message before ${until} to reopen it.`);
      n.hidden = false;
    } else if (closed) {
      const again = h("button", { class: "primary", type: "button" }, "Start a new conversation");
      again.addEventListener("click", () => {
        this.forget();
        this.renderForm();
      });
      n.append("This ticket is closed. ", again);
      n.hidden = false;
    }
    this.renderRating(conv);
  }

  /**
   * setBotState shows "Talk to a person" while the bot answers, and the
   * notice that a person will answer when there is no bot or after it
   * handed over.
   */
  private setBotState(conv: Conversation): void {
    if (this.humanBox) this.humanBox.hidden = !conv.botActive;
    this.setQueue(conv);
    const n = this.agentNotice;
    if (!n) return;
    const done = conv.status === TicketStatus.RESOLVED || conv.status === TicketStatus.CLOSED;
    if (conv.botActive || done) {
      n.hidden = true;
      return;
    }
    setText(n, conv.status === TicketStatus.HANDOFF ? "Waiting for a member of our team — they will answer here shortly." : "Thanks — an agent will answer here shortly.");
    n.hidden = false;
  }

  /** setQueue shows where a handed-over conversation stands in the queue. */
  private setQueue(conv: Conversation): void {
    const el = this.queueEl;
    if (!el) return;
    const q = conv.queue;
    if (conv.status !== TicketStatus.HANDOFF || !q || q.position <= 0) {
      el.hidden = true;
      return;
    }
    const ahead = q.position === 1 ? "You are next in the queue." : `You are number ${q.position} in the queue.`;
    setText(el, [ahead, q.estimateText, q.outsideHours ? q.notice : ""].filter(Boolean).join(" "));
    el.hidden = false;
  }

  private async requestHuman(btn: HTMLButtonElement): Promise<void> {
    btn.disabled = true;
    try {
      const res = await this.client.requestHuman({});
      if (res.conversation) this.setConversation(res.conversation);
    } catch (err) {
      this.showError(describeError(err));
    } finally {
      btn.disabled = false;
    }
  }

  /** renderRating asks for a rating once the conversation is resolved or closed. */
  private renderRating(conv: Conversation): void {
    const box = this.rateBox;
    if (!box) return;
    const done = conv.status === TicketStatus.RESOLVED || conv.status === TicketStatus.CLOSED;
    if (!done) {
      box.hidden = true;
      box.replaceChildren();
      return;
    }
    if (conv.rating > 0) {
      box.className = "notice";
      box.setAttribute("data-fl", "rated");
      box.replaceChildren(`Thanks for your feedback (${conv.rating} of 5).`);
      box.hidden = false;
      return;
    }
    if (!box.hidden && box.getAttribute("data-fl") === "rate") return; // already asking
    let chosen = 0;
    const stars: HTMLButtonElement[] = [];
    const err = h("p", { class: "err", role: "alert" });
    const group = h("div", { class: "stars", role: "group", "aria-label": "Rating from 1 to 5" });
    for (let i = 1; i <= 5; i++) {
      const b = h("button", { type: "button", "aria-pressed": "false", "aria-label": `${i} of 5`, "data-rating": String(i) }, "★");
      b.addEventListener("click", () => {
        chosen = i;
        setText(err, "");
        for (const [j, x] of stars.entries()) x.setAttribute("aria-pressed", String(j < i));
      });
      stars.push(b);
      group.append(b);
    }
    const comment = h("textarea", { id: "fl-rate-comment", rows: "2", maxlength: "1000" });
    const submit = h("button", { class: "primary", type: "submit" }, "Send rating");
    const form = h(
      "form",
      { class: "rate", "aria-label": "Rate this conversation" },
      h("p", { class: "greet" }, "How did we do?"),
      group,
      h("label", { for: "fl-rate-comment" }, "Comment (optional)"),
      comment,
      err,
      submit,
    );
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      if (!chosen) {
        setText(err, "Choose a rating from 1 to 5.");
        return;
      }
      submit.disabled = true;
      this.client
        .rateConversation({ rating: chosen, comment: comment.value.trim() })
        .then((res) => res.conversation && this.renderRating(res.conversation))
        .catch((e2: unknown) => {
          submit.disabled = false;
          setText(err, describeError(e2));
        });
    });
    box.className = "";
    box.setAttribute("data-fl", "rate");
    box.replaceChildren(form);
    box.hidden = false;
  }

  /**
   * addMessage shows m once. ordered is true for messages that come in the
   * server's order (stream, GetConversation, StartConversation): only those
   * advance the id the stream resumes after.
   */
  private addMessage(m: Message, ordered = true): void {
    if (!this.thread || m.internal || !m.id) return;
    if (ordered) this.lastId = m.id;
    if (this.seen.has(m.id)) return;
    this.seen.add(m.id);
    let kind: string;
    let who: string;
    switch (m.authorKind) {
      case AuthorKind.CUSTOMER:
        kind = "customer";
        who = "You";
        break;
      case AuthorKind.BOT:
        kind = "bot";
        who = m.authorName || this.config?.botName || "Assistant";
        break;
      case AuthorKind.SYSTEM:
        kind = "system";
        who = "";
        break;
      default:
        kind = "agent";
        who = m.authorName || "Agent";
    }
    const li = h("li", { class: `msg ${kind}`, "data-message-id": m.id });
    if (who) li.append(h("span", { class: "who" }, who));
    const text = h("div", { class: "text" });
    setText(text, m.body);
    if (m.createTime) text.title = new Date(Number(m.createTime.seconds) * 1000).toLocaleString();
    li.append(text);
    if (m.citations.length) li.append(this.renderCitations(m));
    if (m.attachments.length) li.append(this.renderAttachments(m.attachments));
    const partial = this.partials.get(m.id);
    this.partials.delete(m.id);
    if (partial?.isConnected) partial.replaceWith(li);
    else this.thread.append(li);
    if (kind === "agent" || kind === "bot") this.showTyping(null);
    if (kind !== "customer" && this.panel.hidden) this.setUnread(true);
    this.scrollToEnd();
  }

  /**
   * showPartial shows a bot answer while it is being written: plain text
   * only (never parsed as markup), marked busy so screen readers announce
   * the finished answer rather than every word. The finished message, with
   * the same id, replaces it; an empty text withdraws it.
   */
  private showPartial(p: PartialMessage): void {
    if (!this.thread || !p.id || this.seen.has(p.id)) return;
    let li = this.partials.get(p.id);
    if (!p.text) {
      li?.remove();
      this.partials.delete(p.id);
      return;
    }
    if (!li) {
      li = h(
        "li",
        { class: "msg bot partial", "data-message-id": p.id, "data-fl": "partial", "aria-busy": "true" },
        h("span", { class: "who" }, p.authorName || this.config?.botName || "Assistant"),
        h("div", { class: "text" }),
      );
      this.partials.set(p.id, li);
      this.thread.append(li);
      this.showTyping(null);
    }
    setText(li.querySelector(".text")!, p.text);
    this.scrollToEnd();
  }

  /** renderCitations lists the articles a bot answer came from, as links. */
  private renderCitations(m: Message): HTMLElement {
    const list = h("ul", { class: "cites", "aria-label": "Sources" });
    for (const c of m.citations) {
      const href = `${this.baseUrl}/kb/${encodeURIComponent(this.key)}/${encodeURIComponent(c.articleId)}`;
      const path = c.headingPath.filter((p) => p !== c.title).join(" › ");
      list.append(
        h("li", {}, h("a", { href, target: "_blank", rel: "noopener noreferrer", "data-fl": "citation" }, c.title || "Help article"), path ? ` — ${path}` : ""),
      );
    }
    return list;
  }

  /**
   * renderAttachments shows images as thumbnails and other files as links.
   * Bytes are fetched with the conversation token and shown through blob:
   * URLs, so nothing is ever parsed as markup.
   */
  private renderAttachments(atts: Attachment[]): HTMLElement {
    const box = h("div", { class: "att" });
    for (const a of atts) {
      const label = `${a.filename} (${Math.max(1, Math.round(Number(a.size) / 1024))} KB)`;
      if (a.contentType.startsWith("image/")) {
        const link = h("a", { href: "#", "data-fl": "attachment", download: a.filename });
        const img = h("img", { alt: a.filename });
        link.append(img);
        box.append(link);
        void this.blobUrl(a).then((url) => {
          if (!url) return;
          img.src = url;
          link.href = url;
        });
      } else {
        const btn = h("button", { type: "button", "data-fl": "attachment" }, `📄 ${label}`);
        btn.addEventListener("click", () => {
          void this.blobUrl(a).then((url) => {
            if (url) window.open(url, "_blank", "noopener");
          });
        });
        box.append(btn);
      }
    }
    return box;
  }

  private async blobUrl(a: Attachment): Promise<string | null> {
    try {
      const res = await this.client.getAttachment({ attachmentId: a.id });
      // The type comes from the server's check of the bytes, never the name.
      const type = attachTypes.includes(res.attachment?.contentType ?? "") ? res.attachment!.contentType : "application/octet-stream";
      return URL.createObjectURL(new Blob([res.data as BlobPart], { type }));
    } catch (err) {
      this.showError(describeError(err));
      return null;
    }
  }

  private async upload(f: File, btn: HTMLButtonElement): Promise<void> {
    const max = Number(this.config?.maxAttachmentBytes ?? 0) || 5 * 1024 * 1024;
    if (f.size > max) {
      this.showError(`Files can be at most ${Math.floor(max / 1024 / 1024)} MB.`);
      return;
    }
    if (f.type && !attachTypes.includes(f.type)) {
      this.showError("You can attach PNG, JPEG, GIF or WebP images and PDF files.");
      return;
    }
    btn.disabled = true;
    this.setStatus(`Uploading ${f.name}…`);
    try {
      const data = new Uint8Array(await f.arrayBuffer());
      const res = await this.client.uploadAttachment({ filename: f.name, data });
      this.clearError();
      if (res.message) this.addMessage(res.message, false);
    } catch (err) {
      const fe = fieldError(err);
      this.showError(fe ? `The file ${fe.reason}.` : describeError(err));
    } finally {
      btn.disabled = false;
      this.setStatus("");
    }
  }

  /** typing tells the agents the customer is typing, at most every 3 s. */
  private typing(active: boolean): void {
    const now = Date.now();
    if (active && now - this.typingSent < 3000) return;
    if (!active && this.typingSent === 0) return;
    this.typingSent = active ? now : 0;
    this.client.setTyping({ active }).catch(() => undefined);
  }

  /** showTyping shows "X is typing…" until it lapses or a reply arrives. */
  private showTyping(t: Typing | null): void {
    const el = this.typingEl;
    if (!el) return;
    clearTimeout(this.typingTimer);
    if (!t || !t.active) {
      el.hidden = true;
      return;
    }
    setText(el, `${t.authorName || "An agent"} is typing…`);
    el.hidden = false;
    this.typingTimer = setTimeout(() => (el.hidden = true), 6000);
  }

  private async emailTranscript(btn: HTMLButtonElement): Promise<void> {
    btn.disabled = true;
    try {
      const res = await this.client.emailTranscript({});
      this.setStatus(`Transcript sent to ${res.email}.`);
    } catch (err) {
      this.showError(describeError(err));
    } finally {
      btn.disabled = false;
    }
  }

  private scrollToEnd(): void {
    const body = this.thread?.parentElement;
    if (body) body.scrollTop = body.scrollHeight;
  }

  private async sendMessage(send: HTMLButtonElement): Promise<void> {
    const box = this.composer;
    if (!box || send.disabled) return;
    const text = box.value.trim();
    if (!text) return;
    if (chars(text) > limits.message) {
      this.showError(`Messages can be at most ${limits.message} characters.`);
      return;
    }
    send.disabled = true;
    try {
      const res = await this.client.sendMessage({ body: text });
      this.typing(false);
      this.clearError();
      if (box.value.trim() === text) box.value = "";
      if (res.message) this.addMessage(res.message, false);
    } catch (err) {
      if (isTokenRejected(err)) {
        this.forget();
        this.renderForm("Your previous conversation has ended. Start a new one below.");
        return;
      }
      const fe = fieldError(err);
      this.showError(fe ? `Your message ${fe.reason}.` : describeError(err));
    } finally {
      send.disabled = false;
    }
  }

  // ---- live updates ----------------------------------------------------

  private startWatch(): void {
    this.watch?.abort();
    const ctl = new AbortController();
    this.watch = ctl;
    void this.watchLoop(ctl.signal);
  }

  /**
   * watchLoop keeps one WatchConversation stream open, resuming after the
   * newest message it has whenever the stream ends or fails, with backoff.
   */
  private async watchLoop(signal: AbortSignal): Promise<void> {
    let attempt = 0; // consecutive streams that delivered nothing
    while (!signal.aborted) {
      try {
        const stream = this.client.watchConversation({ afterMessageId: this.lastId }, { signal });
        for await (const ev of stream) {
          if (attempt > 0) {
            attempt = 0;
            this.setStatus("");
            this.clearError();
          }
          switch (ev.event.case) {
            case "message":
              this.addMessage(ev.event.value);
              break;
            case "conversation":
              this.setConversation(ev.event.value);
              break;
            case "typing":
              this.showTyping(ev.event.value);
              break;
            case "partial":
              this.showPartial(ev.event.value);
              break;
          }
        }
        // A clean end (server restart, proxy timeout): reconnect after a pause.
      } catch (err) {
        if (signal.aborted || isAborted(err)) return;
        if (isTokenRejected(err)) {
          this.forget();
          this.renderForm("Your previous conversation has ended. Start a new one below.");
          return;
        }
        if (isExhausted(err)) {
          // Opened in too many windows: this one stops updating.
          this.setStatus("");
          this.showError(describeError(err));
          return;
        }
        this.setStatus("Connection lost. Reconnecting…");
        if (attempt > 0) this.showError(describeError(err));
      }
      await sleep(backoff(attempt++), signal);
    }
  }
}
