// The desk side of the browser test: a Node Connect client that logs in as
// an agent and answers tickets, as the desktop app would. widget.e2e.mjs
// bundles this file with esbuild before it runs.
import { createClient, type Interceptor } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { IdentityService } from "../src/gen/frontline/v1/identity_pb";
import { TicketService } from "../src/gen/frontline/v1/ticket_pb";
import { TicketStatus, type Message, type Ticket } from "../src/gen/frontline/v1/types_pb";
import { WidgetAdminService, type WidgetSettings } from "../src/gen/frontline/v1/widget_admin_pb";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { WidgetSettingsSchema } from "../src/gen/frontline/v1/widget_admin_pb";
import { AIAdminService, type AISettingsSchema } from "../src/gen/frontline/v1/ai_admin_pb";

export interface Agent {
  /** findTicket returns the newest ticket whose customer has this email. */
  findTicket(customerEmail: string): Promise<Ticket | undefined>;
  /** reply adds a public answer, or an internal note when internal is true. */
  reply(ticketId: string, body: string, internal: boolean): Promise<Message | undefined>;
  /** messages returns every message of a ticket, internal notes included. */
  messages(ticketId: string): Promise<Message[]>;
  /** ticket returns a ticket as the desk sees it. */
  ticket(ticketId: string): Promise<Ticket | undefined>;
  /** typing tells the ticket's customer whether the agent is typing. */
  typing(ticketId: string, active: boolean): Promise<void>;
  /** resolve marks a ticket resolved. */
  resolve(ticketId: string): Promise<void>;
  /** setWidgetSettings replaces the tenant's widget settings (admins only). */
  setWidgetSettings(settings: MessageInitShape<typeof WidgetSettingsSchema>): Promise<WidgetSettings | undefined>;
  /** setAISettings connects the tenant's LLM provider (admins only). */
  setAISettings(settings: MessageInitShape<typeof AISettingsSchema>, apiKey: string): Promise<void>;
}

export async function login(baseUrl: string, company: string, email: string, password: string): Promise<Agent> {
  let session = "";
  const bearer: Interceptor = (next) => (req) => {
    if (session) req.header.set("Authorization", "Bearer " + session);
    return next(req);
  };
  const transport = createConnectTransport({ baseUrl, httpVersion: "1.1", interceptors: [bearer] });
  const identity = createClient(IdentityService, transport);
  const tickets = createClient(TicketService, transport);
  const widgetAdmin = createClient(WidgetAdminService, transport);
  const aiAdmin = createClient(AIAdminService, transport);
  const res = await identity.login({ companyName: company, email, password });
  session = res.session?.token ?? "";
  if (!session.startsWith("fls_")) throw new Error("login returned no session token");

  return {
    async findTicket(customerEmail) {
      let found: Ticket | undefined;
      let pageToken = "";
      for (let page = 0; page < 50; page++) {
        const r = await tickets.listTickets({ pageSize: 200, pageToken });
        for (const t of r.tickets) {
          if (t.customer?.email.toLowerCase() === customerEmail.toLowerCase() && (!found || t.number > found.number)) found = t;
        }
        if (!r.nextPageToken) break;
        pageToken = r.nextPageToken;
      }
      return found;
    },
    async reply(ticketId, body, internal) {
      const r = await tickets.addMessage({ ticketId, body, internal });
      return r.message;
    },
    async messages(ticketId) {
      const r = await tickets.getTicket({ id: ticketId });
      return r.messages;
    },
    async ticket(ticketId) {
      const r = await tickets.getTicket({ id: ticketId });
      return r.ticket;
    },
    async typing(ticketId, active) {
      await tickets.setAgentTyping({ ticketId, active });
    },
    async resolve(ticketId) {
      await tickets.updateTicket({ id: ticketId, status: TicketStatus.RESOLVED });
    },
    async setWidgetSettings(settings) {
      const r = await widgetAdmin.updateWidgetSettings({ settings });
      return r.settings;
    },
    async setAISettings(settings, apiKey) {
      await aiAdmin.updateAISettings({ settings, apiKey });
    },
  };
}
