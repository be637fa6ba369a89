// Presence: who else has a ticket open, and who is typing (Tickets.Presence).

/** Viewer is another desk user with the ticket open. */
export interface Viewer {
  userId: string;
  name: string;
  typing: boolean;
  since: string;
}

/** Presence is one heartbeat's answer; online is false without a server. */
export interface Presence {
  online: boolean;
  viewers: Viewer[];
  customerTyping: boolean;
}

/** PresenceBeat sends a heartbeat for a ticket and returns who else is there. */
export type PresenceBeat = (ticketId: string, typing: boolean, leaving: boolean) => Promise<Presence>;

/** presenceLine says in words who else is on the ticket, or '' when nobody. */
export function presenceLine(p: Presence | null, customerName: string): string {
  if (!p) return '';
  const parts: string[] = [];
  const typing = p.viewers.filter((v) => v.typing).map((v) => v.name);
  const viewing = p.viewers.filter((v) => !v.typing).map((v) => v.name);
  if (typing.length) parts.push(`${list(typing)} ${typing.length === 1 ? 'is' : 'are'} typing a reply`);
  if (viewing.length) parts.push(`${list(viewing)} ${viewing.length === 1 ? 'is' : 'are'} viewing`);
  if (p.customerTyping) parts.push(`${customerName || 'The customer'} is typing…`);
  return parts.join(' · ');
}

function list(names: string[]): string {
  if (names.length <= 2) return names.join(' and ');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
