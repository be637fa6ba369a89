// The shapes the desktop's Go bindings (package app) exchange with the UI.
// They mirror app/dto.go; enums are plain lower-case words.

export type Status = 'new' | 'open' | 'pending' | 'handoff' | 'resolved' | 'closed';
export type Priority = 'low' | 'normal' | 'high' | 'urgent';
export type AuthorKind = 'customer' | 'bot' | 'agent' | 'system';
export type View = 'open' | 'mine' | 'unassigned' | 'pending' | 'resolved' | 'all';

export const STATUSES: Status[] = ['new', 'open', 'pending', 'handoff', 'resolved', 'closed'];
export const PRIORITIES: Priority[] = ['low', 'normal', 'high', 'urgent'];

export interface User {
  id: string;
  name: string;
  email: string;
  role: string;
  active: boolean;
}

export interface Company {
  id: string;
  name: string;
  widgetKey: string;
}

export interface Session {
  serverURL: string;
  company: Company;
  user: User;
  expiresAt: string;
}

export interface Remembered {
  serverURL: string;
  company: string;
  email: string;
}

export interface AppStatus {
  signedIn: boolean;
  session: Session | null;
  remembered: Remembered;
}

export interface Ticket {
  id: string;
  number: number;
  subject: string;
  status: string;
  priority: string;
  assigneeId: string;
  assigneeName: string;
  customerName: string;
  customerEmail: string;
  product: string;
  channel: string;
  tags: string[];
  messageCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface Message {
  id: string;
  ticketId: string;
  authorKind: string;
  authorId: string;
  authorName: string;
  body: string;
  internal: boolean;
  createdAt: string;
}

export interface TicketDetail {
  ticket: Ticket;
  messages: Message[];
}

export interface LoginInput {
  serverURL: string;
  company: string;
  email: string;
  password: string;
  remember: boolean;
}

/** DeskApi is everything the UI may ask of the Go side. */
export interface DeskApi {
  status(): Promise<AppStatus>;
  login(input: LoginInput): Promise<Session>;
  logout(): Promise<void>;
  listTickets(view: View): Promise<Ticket[]>;
  getTicket(id: string): Promise<TicketDetail>;
  reply(id: string, body: string): Promise<Message>;
  addNote(id: string, body: string): Promise<Message>;
  setStatus(id: string, status: string): Promise<Ticket>;
  setPriority(id: string, priority: string): Promise<Ticket>;
  assign(id: string, userId: string): Promise<Ticket>;
  assignToMe(id: string): Promise<Ticket>;
  agents(): Promise<User[]>;
  /** setTitle sets the window title (the Xvfb test waits on it). */
  setTitle(title: string): void;
  /** on subscribes to a Go event; it returns the unsubscribe function. */
  on(event: DeskEvent, cb: (data: unknown) => void): () => void;
}

/** Event names, as in app/events.go. */
export type DeskEvent = 'session:changed' | 'ticket:updated' | 'message:added';
