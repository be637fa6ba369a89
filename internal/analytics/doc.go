// Package analytics computes the desk's dashboard (issue #7, "Analytics,
// offline") from plain inputs: tickets and the facts of their messages. It
// knows nothing of the replica, the server or Wails; app/analytics.go feeds it
// from the local replica so the numbers work offline.
//
// Work is split in two. NewFacts reduces one ticket and its messages to a
// small Facts value once (the expensive part, cached by the caller and
// redone only for tickets that changed); Compute then scans the facts for a
// Query in one pass.
//
// Definitions (the numbers mean exactly this):
//
//   - Cohort: the tickets created in [Query.From, Query.To) that match the
//     filters (channel, category, assignee). Volume, first response,
//     resolution, SLA, CSAT, bot resolution, handover reasons and the
//     sentiment trend are computed over the cohort.
//   - Day buckets: calendar days in Query.Loc (the agent's local time zone),
//     the first starting at Query.From's local day. A ticket belongs to the
//     day its creation time falls in.
//   - First response time: from the ticket's creation to the first public
//     (not internal) agent message. Bot and system messages are not
//     responses. Tickets without such a message have none.
//   - Resolution time: from creation to the time the ticket reached RESOLVED
//     or CLOSED. Status changes carry no timestamp of their own, so that
//     time is Ticket.close_time when set (the inactivity scheduler sets it)
//     and otherwise Ticket.update_time (the last change, which for a
//     resolved ticket is the resolve itself or something after it, so the
//     figure is an upper bound). Reopened tickets are not resolved.
//   - Percentiles use the nearest-rank method on the sorted durations:
//     the p-th percentile of n values is the value at rank ceil(p*n)
//     (1-based); the median is p = 0.5 (the lower middle value when n is
//     even).
//   - SLA attainment, only when targets are given (minutes per priority, in
//     wall-clock time: business hours and holidays are not yet applied). A
//     cohort ticket whose priority has a target is met when the response
//     (or resolution) came within it, breached when it came later or has
//     not come and the target already passed at Query.Now, and pending
//     otherwise. Tickets resolved without any agent reply need no first
//     response and are left out of that target. Rate = met/(met+breached).
//   - Backlog: tickets open now (new, open, pending, handoff) that match the
//     filters, whatever their creation date, by age at Query.Now:
//     < 1 day, 1-3 days, 3-7 days, 7-30 days, >= 30 days.
//   - CSAT: cohort tickets rated 1 to 5; satisfied = rated 4 or 5; share =
//     satisfied/rated; average of the ratings.
//   - Bot resolution: among cohort widget tickets the bot answered
//     (bot_answers), the share that reached RESOLVED or CLOSED without any
//     agent message (internal notes count as agent messages). Handover
//     reasons count the cohort tickets by their handover_reason.
//   - Sentiment trend: per day, the mean triage sentiment_score of the
//     cohort tickets triage gave a sentiment label.
//   - Agents: load = open tickets assigned to the agent now (filters apply,
//     dates do not); replies = the agent's public messages sent in the
//     range on matching tickets; resolved = matching tickets assigned to the
//     agent that reached RESOLVED or CLOSED in the range; first response =
//     median first response of cohort tickets the agent answered first.
package analytics
