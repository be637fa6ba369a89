// FakeCopilot is the in-memory copilot of FakeDesk: it reads the fake's
// tickets, articles and messages, can be told to answer offline, to fail the
// next call, or to hold every answer until released (loading states).
import { ApiError } from './errors';
import type {
  ArticleSuggestions,
  CopilotApi,
  Draft,
  Feedback,
  Similar,
  Summary,
  Triage,
  TriageField,
} from './copilot';
import type { DeskApi, Message, Ticket } from './types';

/** The part of FakeDesk the copilot reads. */
export interface FakeCopilotSource {
  tickets: Ticket[];
  messages: Map<string, Message[]>;
  articles: { id: string; title: string; body: string; status: string }[];
  setPriority: DeskApi['setPriority'];
}

export const STORED = 'Kept as a training example for your company; it reaches the server with your other changes';

export class FakeCopilot implements CopilotApi {
  calls: string[] = [];
  failNext: ApiError | null = null;
  /** server: what answers summaries and drafts ('' means the server is out of reach). */
  server = 'offline';
  examples: { ticketId: string; field: string; label: string; accepted: boolean }[] = [];
  private held: (() => void)[] | null = null;

  constructor(private readonly desk: FakeCopilotSource) {}

  /** hold makes every call wait until release(). */
  hold(): void {
    this.held = [];
  }

  release(): void {
    const h = this.held ?? [];
    this.held = null;
    h.forEach((f) => f());
  }

  private async begin(name: string, id: string): Promise<Ticket> {
    this.calls.push(`${name}:${id}`);
    if (this.held) await new Promise<void>((res) => this.held?.push(res));
    if (this.failNext) {
      const e = this.failNext;
      this.failNext = null;
      throw e;
    }
    const t = this.desk.tickets.find((x) => x.id === id);
    if (!t) throw new ApiError('That ticket no longer exists', 'notfound');
    return t;
  }

  private customerText(t: Ticket): string {
    const msgs = this.desk.messages.get(t.id) ?? [];
    return [t.subject, ...msgs.filter((m) => m.authorKind === 'customer' && !m.internal).map((m) => m.body)].join('\n');
  }

  private mode(): string {
    return this.server || 'offline (server unreachable)';
  }

  private feedbackFor(id: string, field: string): { label: string; accepted: boolean } | undefined {
    return this.examples.find((e) => e.ticketId === id && e.field === field);
  }

  async triage(id: string): Promise<Triage> {
    const t = await this.begin('triage', id);
    const text = this.customerText(t);
    const urgent = /\burgent\b/i.test(text);
    const negative = /terrible|broken|angry/i.test(text);
    const scored = (field: string, label: string, confidence: number) => {
      const fb = this.feedbackFor(id, field);
      return {
        label,
        confidence,
        accepted: !!fb && fb.accepted && fb.label === label,
        corrected: fb && !fb.accepted ? fb.label : '',
      };
    };
    return {
      ticketId: id,
      category: scored('category', '', 0),
      priority: scored('priority', urgent ? 'urgent' : negative ? 'high' : 'normal', urgent || negative ? 1 : 0.5),
      sentiment: scored('sentiment', negative ? 'negative' : 'neutral', 0.8),
      sentimentScore: negative ? -0.7 : 0,
      language: scored('language', 'en', 0.9),
      languageName: 'English',
      priorityReasons: urgent ? ['keyword:urgent'] : negative ? ['sentiment'] : [],
      currentPriority: t.priority,
      languages: ['de', 'en', 'es', 'fr'],
      notes: ['No category yet: your company has no category list (admins will set one up), so this is left empty'],
      mode: 'offline',
    };
  }

  async summarize(id: string): Promise<Summary> {
    const t = await this.begin('summarize', id);
    const msgs = this.desk.messages.get(t.id) ?? [];
    return { ticketId: id, text: msgs.map((m) => m.body).join(' '), mode: this.mode() };
  }

  async draft(id: string): Promise<Draft> {
    const t = await this.begin('draft', id);
    const art = this.desk.articles.find((a) => a.status === 'published');
    const first = t.customerName.split(' ')[0];
    if (!art) {
      return {
        ticketId: id, text: 'Offline draft: no knowledge-base passage matched this message. Please write the reply yourself.',
        label: 'Offline draft from knowledge base', citations: [], macro: '', mode: this.mode(),
      };
    }
    return {
      ticketId: id,
      text: `Hi ${first},\n\n${art.body} [kb:${art.id}#0]\n\nBest regards,`,
      label: this.server.startsWith('LLM') ? 'AI draft: review before sending' : 'Offline draft from knowledge base',
      citations: [{ articleId: art.id, title: art.title, headingPath: [] }],
      macro: '',
      mode: this.mode(),
    };
  }

  async similar(id: string): Promise<Similar> {
    await this.begin('similar', id);
    const tickets = this.desk.tickets
      .filter((x) => x.id !== id && (x.status === 'resolved' || x.status === 'closed'))
      .map((x) => ({
        id: x.id, number: x.number, subject: x.subject, status: x.status, score: 0.5,
        resolution: [...(this.desk.messages.get(x.id) ?? [])].reverse().find((m) => m.authorKind === 'agent')?.body ?? '',
        resolvedBy: 'Maya Chen', resolvedAt: x.updatedAt, customerName: x.customerName,
      }));
    return { ticketId: id, tickets, mode: 'offline (lexical)' };
  }

  async suggestArticles(id: string): Promise<ArticleSuggestions> {
    await this.begin('articles', id);
    return {
      ticketId: id,
      articles: this.desk.articles.map((a) => ({ articleId: a.id, title: a.title, headingPath: [], excerpt: a.body, score: 1 })),
      mode: 'offline (lexical only)',
    };
  }

  accept(id: string, field: TriageField, label: string): Promise<Feedback> {
    return this.feedback(id, field, label, true);
  }

  correct(id: string, field: TriageField, label: string): Promise<Feedback> {
    return this.feedback(id, field, label, false);
  }

  private async feedback(id: string, field: TriageField, label: string, accepted: boolean): Promise<Feedback> {
    await this.begin(accepted ? `accept:${field}` : `correct:${field}`, id);
    if (!label.trim()) throw new ApiError('Choose a label first', 'invalid', 'label');
    const ticket = field === 'priority' ? await this.desk.setPriority(id, label) : null;
    this.examples = this.examples.filter((e) => !(e.ticketId === id && e.field === field));
    this.examples.push({ ticketId: id, field, label, accepted });
    return { field, label, ticket, stored: STORED, examples: this.examples.length };
  }
}
