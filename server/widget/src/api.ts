// The widget's only door to the server: a Connect client for WidgetService
// over fetch, and helpers that turn Connect errors into words for the panel.
import { Code, ConnectError, createClient, type Client, type Interceptor } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-web";
import { WidgetService } from "./gen/frontline/v1/widget_pb";

export type WidgetClient = Client<typeof WidgetService>;
export { AuthorKind, TicketStatus } from "./gen/frontline/v1/types_pb";
export type { Attachment, Message } from "./gen/frontline/v1/types_pb";
export type { Conversation, GetWidgetConfigResponse, PartialMessage, Typing, WatchConversationResponse } from "./gen/frontline/v1/widget_pb";
export { Code, ConnectError };

/**
 * createWidgetClient returns a WidgetService client for the server at
 * baseUrl. token is read on every call, so the client never needs rebuilding
 * when a conversation starts or is forgotten.
 */
export function createWidgetClient(baseUrl: string, token: () => string | null): WidgetClient {
  const bearer: Interceptor = (next) => (req) => {
    const t = token();
    if (t) req.header.set("Authorization", "Bearer " + t);
    return next(req);
  };
  const transport = createConnectTransport({
    baseUrl,
    useBinaryFormat: false,
    interceptors: [bearer],
  });
  return createClient(WidgetService, transport);
}

/** isTokenRejected reports whether err means the stored token is no good. */
export function isTokenRejected(err: unknown): boolean {
  const e = ConnectError.from(err);
  if (e.code === Code.PermissionDenied && /website is not allowed/.test(e.rawMessage)) return false;
  return e.code === Code.Unauthenticated || e.code === Code.NotFound || e.code === Code.PermissionDenied;
}

/** isExhausted reports a rate or stream limit. */
export function isExhausted(err: unknown): boolean {
  return ConnectError.from(err).code === Code.ResourceExhausted;
}

/** isAborted reports whether err is our own cancellation. */
export function isAborted(err: unknown): boolean {
  return ConnectError.from(err).code === Code.Canceled;
}

/**
 * fieldError splits an InvalidArgument message of the form "field: reason"
 * (the field path may be dotted, "customer.email") into the last path
 * segment and the reason. It returns null for any other error.
 */
export function fieldError(err: unknown): { field: string; reason: string } | null {
  const e = ConnectError.from(err);
  if (e.code !== Code.InvalidArgument) return null;
  const m = /^([A-Za-z_][\w.[\]]*):\s*(.+)$/s.exec(e.rawMessage);
  if (!m) return null;
  const path = m[1].split(".");
  return { field: path[path.length - 1].replace(/\[\d+\]$/, ""), reason: m[2] };
}

/** describeError turns any failure into one sentence a customer can act on. */
export function describeError(err: unknown): string {
  const e = ConnectError.from(err);
  switch (e.code) {
    case Code.ResourceExhausted:
      // The server says which limit and how long to wait.
      return e.rawMessage ? capitalize(e.rawMessage) + "." : "You're sending messages too quickly. Please wait a moment and try again.";
    case Code.Unavailable:
    case Code.DeadlineExceeded:
      return "We can't reach the support server right now. Check your connection; we'll keep trying.";
    case Code.PermissionDenied:
      if (/website is not allowed/.test(e.rawMessage)) return "This website is not allowed to use this chat.";
      return "This conversation is no longer available. Please start a new one.";
    case Code.Unauthenticated:
      return "This conversation is no longer available. Please start a new one.";
    case Code.NotFound:
      return "This chat isn't set up correctly (unknown widget key).";
    case Code.InvalidArgument:
    case Code.FailedPrecondition:
      return e.rawMessage ? capitalize(e.rawMessage) + "." : "That request wasn't accepted.";
    case Code.Unknown:
      // fetch itself failed: offline, DNS, CORS or the server is down.
      if (e.cause instanceof TypeError || /fetch|network/i.test(e.rawMessage)) {
        return "You seem to be offline, or the support server can't be reached. We'll keep trying.";
      }
      return "Something went wrong. Please try again.";
    default:
      return "Something went wrong. Please try again.";
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
