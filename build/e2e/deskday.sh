#!/usr/bin/env bash
# An admin's setup and an agent's day in the real desktop window (issue #7),
# keyboard-driven under Xvfb; every step is checked on the server through
# build/e2e/verify (-do actions, see build/e2e/verify/checks.go), and every
# main screen is saved to $ARTIFACTS_DIR as deskday-*.png.
#
#  A. Ada (admin): settings ("g s"): adds a category with examples in the
#     window; sets the high-priority SLA policy, a custom field required to
#     resolve, invites an agent (accepted through the API), sets that
#     agent's capacity and skills and turns on round-robin assignment
#     through the API, and screenshots every settings section with them.
#  B. Maya (agent): triages the unassigned queue (j/k, x, bulk "a"), corrects
#     a ticket's category from its chips and replies with a macro (Ctrl+M,
#     Ctrl+Enter); takes a live chat a widget customer handed over, replies
#     (the customer sees it through the widget API) and resolves it with "e"
#     (first told to fill in the required field); reads the "Tickets
#     created" figure of analytics ("g a") from the window title and
#     compares it with a count over the server's ListTickets; visits the
#     shortcut help, the search palette and the knowledge base.
#
# Env: FRONTLINE_URL (a demo server), ARTIFACTS_DIR, E2E_SKIP_BUILD=1 to
# reuse build/bin/frontline-desk, E2E_TIMEOUT seconds per wait (default 30).
set -euo pipefail
SUITE=deskday
# shellcheck source=build/e2e/lib.sh
. "$(dirname "$0")/lib.sh"
e2e_init
rm -f "$ARTIFACTS_DIR"/deskday-*.png
PASSWORD=frontline-demo
R=$RANDOM

if [ "${E2E_SKIP_BUILD:-}" != 1 ]; then
  log "building frontend and window binary"
  [ -d frontend/node_modules ] || (cd frontend && npm ci --no-audit --no-fund)
  (cd frontend && npm run build >"$WORK/frontend-build.log" 2>&1) || { cat "$WORK/frontend-build.log"; fail "frontend build"; }
  go build -tags desktop,production -o "$BIN" . || fail "go build -tags desktop,production"
fi
[ -x "$BIN" ] || fail "no binary at $BIN"
go build -o "$WORK/verify" ./build/e2e/verify || fail "go build ./build/e2e/verify"
curl -fsS --max-time 5 "$FRONTLINE_URL/healthz" >/dev/null || fail "no server at $FRONTLINE_URL"

# v AS ACTION ARGS...: verify -do as ada or maya.
v() {
  local who=$1; shift
  "$WORK/verify" -server "$FRONTLINE_URL" -email "$who@northwind.test" -password "$PASSWORD" -wait "${TIMEOUT}s" -do "$@"
}

start_xvfb

# ---------------------------------------------------------------- A. Ada
start_app
shot 00-login
sign_in ada@northwind.test "$PASSWORD" || fail "Ada signed in"
ok "Ada signed in; inbox loaded"
sleep 1
shot 01-inbox-light

key g s
wait_title '^Frontline - Settings \(categories\)' >/dev/null || fail "g s opened settings"
sleep 1
shot 10-settings-categories

# A category with examples, typed in the window: n puts the keyboard in
# the name; Tab to the description and the examples; Tab to Save, Enter.
CATEGORY="Frame damage $R"
key n
sleep 0.5
typetext "$CATEGORY"
key Tab
typetext "Cracked, bent or dented frames and forks."
key Tab
typetext "My frame has a crack near the bottom bracket"; key Return
typetext "The fork is bent after a crash"; key Return
typetext "There is a dent in the top tube"
sleep 0.3
shot 11-settings-category-new
key Tab Return
got=$(v ada category "$CATEGORY") || fail "the category typed in the window reached the server"
ok "server has the category: $got"
sleep 0.5
shot 12-settings-category-saved

got=$(v ada sla-high 30 240) || fail "set the high-priority SLA policy"
ok "SLA policy set: $got"
got=$(v ada required-field order_ref "Order reference") || fail "add a required custom field"
ok "custom field required to resolve: $got"
INVITEE="eli.$R@northwind.test"
token=$(v ada invite "$INVITEE") || fail "invite an agent"
[[ $token == fli_* ]] || fail "invite token '$token' does not start with fli_"
ok "invited $INVITEE (token fli_…)"
uid=$(v ada accept "$token" "Eli Novak" "$PASSWORD") || fail "the invitee accepted through the API"
ok "$INVITEE accepted the invite (user $uid)"
got=$(v ada profile "$INVITEE" 4 "$CATEGORY") || fail "set the agent's capacity and skills"
ok "agent profile: $got"
got=$(v ada round-robin) || fail "turn on round-robin assignment"
ok "assignment: $got"

# Every settings section (the window picks the changes up through sync).
sleep 2
for pair in 2:macros 3:rules 4:sla 5:assignment 6:fields 7:tags 8:team 9:widget 0:ai minus:audit; do
  k=${pair%%:*} name=${pair#*:}
  key "$k"
  wait_title "^Frontline - Settings \\($name\\)" >/dev/null || fail "key $k opened the $name section"
  sleep 1.2
  shot "13-settings-$name"
done
ok "every settings section opened from the keyboard"
back_to '^Frontline - Inbox' || fail "Escape went back to the inbox"

# Knowledge base as the admin: the list and a new article in the editor
# with its preview (n puts the keyboard in the title; not saved).
key g k
wait_title '^Frontline - Knowledge base \([0-9]+\)' >/dev/null || fail "g k opened the knowledge base"
sleep 1
shot 14-kb-list
key n
sleep 0.5
typetext "Brake pads after rain $R"
key Tab
typetext "brakes"
key Tab Tab
typetext "# Brake pads after rain"; key Return; key Return
typetext "Wet pads **squeal**; dry them with a few firm stops."
sleep 0.8
shot 15-kb-editor
ok "knowledge base list and the article editor"
stop_app

# --------------------------------------------------------------- B. Maya
# Maya's window follows a dark system theme (GTK_THEME), so her screens
# are the dark ones.
start_app GTK_THEME=Adwaita:dark
sign_in maya@northwind.test "$PASSWORD" || fail "Maya signed in"
ok "Maya signed in; inbox loaded"
sleep 1
shot 02-inbox-dark

# Triage the queue: move with j/k (Enter/Escape to read the ticket numbers
# from the title), select two with x, assign them to herself with a.
# (Round-robin assignment is on now, so the Unassigned view may be empty:
# work the All open view.)
key 1
wait_title '^Frontline - Inbox \(open\)' >/dev/null || fail "1 opened all open"
sleep 1
key j k Return
title=$(wait_title '^Frontline - #[0-9]+ ') || fail "opened the first ticket"
N1=$(sed -E 's/^Frontline - #([0-9]+) .*/\1/' <<<"$title")
back_to '^Frontline - Inbox \(open\)' || fail "back to all open"
key j Return
title=$(wait_title "^Frontline - #[0-9]+ ") || fail "opened the second ticket"
N2=$(sed -E 's/^Frontline - #([0-9]+) .*/\1/' <<<"$title")
[ "$N1" != "$N2" ] || fail "j did not move to a second ticket (#$N1)"
back_to '^Frontline - Inbox \(open\)' || fail "back to all open"
sleep 0.5
key k x j x
sleep 0.5
shot 20-inbox-bulk-selected
key a
sleep 1
shot 21-inbox-bulk-assigned
got=$(v maya assigned "$N1" "$N2") || fail "bulk assign: #$N1 and #$N2 are not Maya's"
ok "bulk-assigned #$N1 and #$N2 to Maya with x, x, a: $got"

# Correct a ticket's category from its chips, then reply with a macro.
MARK="deskday-$R"
open_number_subject() { # open the ticket whose subject matches REGEX from the open view
  local re=$1 title
  key 1
  wait_title '^Frontline - Inbox \(open\)' >/dev/null || return 1
  key slash
  wait_title '^Frontline - Search' >/dev/null || return 1
  typetext "$2"
  wait_title "^Frontline - Search \"$2\" \\([1-9][0-9]*\\)" >/dev/null || return 1
  key Return
  wait_title "^Frontline - #[0-9]+ $re" >/dev/null
}
open_number_subject 'Return label not received' 'return label' || fail "opened the return label ticket from search"
title=$(title_now)
TNUM=$(sed -E 's/^Frontline - #([0-9]+) .*/\1/' <<<"$title")
sleep 1.5
shot 22-ticket-triage-sla-copilot
key t
sleep 0.4
key Down
sleep 1
shot 23-triage-corrected
key Escape r ctrl+m
sleep 1
typetext "return label"
sleep 0.5
shot 24-macro-picker
key Return
sleep 1
typetext " $MARK-macro"
key ctrl+Return
"$WORK/verify" -server "$FRONTLINE_URL" -email maya@northwind.test -password "$PASSWORD" -marker "$MARK-macro" \
  -number "$TNUM" -tag returns -corrected category -wait "${TIMEOUT}s" >/dev/null \
  || fail "the macro reply, its tag and the category correction reached ticket #$TNUM"
body=$(v maya message "$TNUM" "$MARK-macro") || fail "read the macro reply"
[[ $body != *"{{"* && $body == Hi\ Hannah* ]] || fail "the macro's variables were not expanded: $body"
ok "macro reply on #$TNUM expanded ('${body:0:40}…'), tag returns, category corrected"
key Escape
back_to '^Frontline - Inbox' || fail "back to the inbox"

# A live chat: a widget customer asks for a person; it reaches the Handed
# over view; Maya opens it, replies, and the customer sees the reply.
key 7
title=$(wait_title '^Frontline - Inbox \(handoff [0-9]+\)') || fail "7 opened the Handed over view"
BEFORE=$(sed -E 's/^Frontline - Inbox \(handoff ([0-9]+)\).*/\1/' <<<"$title")
read -r HNUM CTOKEN < <(v maya handover) || fail "a widget customer asked for a person"
[ -n "${CTOKEN:-}" ] || fail "no conversation token from the handover"
wait_title "^Frontline - Inbox \\(handoff $((BEFORE + 1))\\)" 60 >/dev/null || fail "the handed-over chat #$HNUM reached the queue"
ok "live chat #$HNUM reached the Handed over view ($BEFORE -> $((BEFORE + 1)))"
sleep 1
shot 25-handed-over-queue
open_number "$HNUM" 7 '^Frontline - Inbox \(handoff [0-9]+\)' || fail "opened live chat #$HNUM"
sleep 1
key r
typetext "Hi Lena, I'm Maya - a person now. Which brake pads are fitted? $MARK-live"
key ctrl+Return
got=$(v maya widget-sees "$CTOKEN" "$MARK-live") || fail "the customer sees Maya's reply in the widget"
ok "live chat #$HNUM: $got"
sleep 1
shot 26-live-chat-replied

# Resolve with e: the required field is missing, so the window says what to
# fill in and the ticket stays unresolved; once it is set, e resolves.
key Escape
sleep 0.5
key e
sleep 1.5
shot 27-resolve-fill-in
v maya status "$HNUM" resolved >/dev/null 2>&1 && fail "#$HNUM was resolved without its required field"
ok "e did not resolve #$HNUM while Order reference is empty"
v maya set-field "$HNUM" order_ref "NB-$R" >/dev/null || fail "set Order reference on #$HNUM"
sleep 3
key e
got=$(v maya status "$HNUM" resolved) || { sleep 3; key e; got=$(v maya status "$HNUM" resolved) || fail "e resolved #$HNUM once the field was filled in"; }
ok "resolved with e: $got"
sleep 1
shot 28-resolved
back_to '^Frontline - Inbox' || fail "back to the inbox after resolving"
sleep 0.5

# Shortcut help, search palette.
key 1
wait_title '^Frontline - Inbox \(open\)' >/dev/null || fail "1 opened all open"
key question
sleep 1
shot 30-shortcut-help
key question
sleep 0.5
key slash
wait_title '^Frontline - Search' >/dev/null || fail "/ opened the search palette"
typetext "brake"
wait_title '^Frontline - Search "brake" \([1-9][0-9]*\)' >/dev/null || fail "search found brake tickets"
sleep 0.5
shot 31-search-palette
back_to '^Frontline - Inbox' || fail "Escape closed the palette"
ok "shortcut help and search palette"

# Analytics: the title carries "N created FROM..TO ZONE"; the server's
# ticket list must count the same tickets created in that range.
key g a
title=$(wait_title '^Frontline - Analytics \([0-9]+ created ' 60) || fail "g a opened analytics with its figures"
re='\(([0-9]+) created ([0-9-]+)\.\.([0-9-]+) ?([^)]*)\)'
[[ $title =~ $re ]] || fail "cannot read the figures from '$title'"
shown=${BASH_REMATCH[1]} from=${BASH_REMATCH[2]} to=${BASH_REMATCH[3]} zone=${BASH_REMATCH[4]}
count=$(v maya created "$from" "$to" "$zone") || fail "count tickets created on the server"
if [ "$shown" != "$count" ]; then
  # The replica may still be catching up: look again after a reload.
  sleep 3
  key Escape; sleep 0.5; key g a
  title=$(wait_title '^Frontline - Analytics \([0-9]+ created ' 60) || fail "analytics reopened"
  [[ $title =~ $re ]] && shown=${BASH_REMATCH[1]}
  count=$(v maya created "$from" "$to" "$zone") || fail "count tickets created on the server"
fi
[ "$shown" = "$count" ] || fail "analytics shows $shown tickets created $from..$to, the server counts $count"
ok "analytics: $shown tickets created $from..$to (${zone:-local}), the server's list agrees"
sleep 1
shot 40-analytics
back_to '^Frontline - Inbox' || fail "Escape left analytics"

# Knowledge base as an agent: the articles, read-only. On a loaded machine
# the count in the title can lag the screen; the screen is what counts
# here (the admin's visit above checks the count).
key g k
wait_title '^Frontline - Knowledge base' >/dev/null || fail "g k opened the knowledge base"
wait_title '^Frontline - Knowledge base \([0-9]+\)' 60 >/dev/null || log "the title has no article count yet"
sleep 1
shot 50-kb-list-agent
ok "knowledge base list"

finish
