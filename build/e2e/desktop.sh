#!/usr/bin/env bash
# Desktop flow under Xvfb: build the real Wails window, sign in with the
# keyboard, open a ticket, send a reply, and verify through the server's API
# that the reply arrived; then search from the palette ("/", Ctrl+K) and open
# a ticket and a KB article from it; correct a ticket's category from its
# triage chips and reply with a macro. Screenshots go to $ARTIFACTS_DIR.
#
# Needs: a running demo server at $FRONTLINE_URL (the Makefile starts one),
# Xvfb, xdotool, ImageMagick (import), libwebkit2gtk-4.0-dev, npm deps
# installed in frontend/ (npm ci).
#
# Env: FRONTLINE_URL (default http://127.0.0.1:8080), ARTIFACTS_DIR (default
# test-artifacts), E2E_SKIP_BUILD=1 to reuse build/bin/frontline-desk,
# E2E_TIMEOUT seconds per wait (default 30).
set -euo pipefail

SUITE=desktop
# shellcheck source=build/e2e/lib.sh
source "$(dirname "$0")/lib.sh"
e2e_init
COMPANY="Northwind Bikes"
EMAIL="maya@northwind.test"
PASSWORD="frontline-demo"
rm -f "$ARTIFACTS_DIR"/desktop-*.png "$ARTIFACTS_DIR"/desktop-app*.log

# 1. Build the window binary (frontend first: main.go embeds frontend/dist).
if [ "${E2E_SKIP_BUILD:-}" != 1 ]; then
  log "building frontend and window binary"
  [ -d frontend/node_modules ] || (cd frontend && npm ci --no-audit --no-fund)
  (cd frontend && npm run build >"$WORK/frontend-build.log" 2>&1) || { cat "$WORK/frontend-build.log"; fail "frontend build"; }
  go build -tags desktop,production -o "$BIN" . || fail "go build -tags desktop,production"
fi
[ -x "$BIN" ] && ok "window binary built" || fail "no binary at $BIN"
go build -o "$WORK/verify" ./build/e2e/verify || fail "go build ./build/e2e/verify"

# 2. The server must be up.
if curl -fsS --max-time 5 "$FRONTLINE_URL/healthz" >/dev/null; then
  ok "server answers at $FRONTLINE_URL"
else
  fail "no server at $FRONTLINE_URL (start one: frontline-server --demo)"
fi

# 3. A private X display.
start_xvfb

# 4. Start the app with a throwaway config dir (nothing remembered).
MARKER="e2e-$(date +%s)-$RANDOM"
start_app
ok "window $WID is up"
shot 0-login

# 5. Sign in: the server URL is prefilled, so Company has the focus.
typetext "$COMPANY"
key Tab
typetext "$EMAIL"
key Tab
typetext "$PASSWORD"
key Return
wait_title '^Frontline - Inbox' >/dev/null || fail "signed in and saw the inbox"
ok "signed in with the keyboard; inbox loaded"
sleep 0.5
shot 1-inbox

# 6. Open the selected (first) ticket with j then k then Enter.
key j k Return
title=$(wait_title '^Frontline - #[0-9]+ ') || fail "opened a ticket with Enter"
NUMBER=$(sed -E 's/^Frontline - #([0-9]+) .*/\1/' <<<"$title")
ok "opened ticket #$NUMBER"
sleep 0.5
shot 2-ticket

# 7. Reply: r focuses the reply box, Ctrl+Enter sends.
key r
typetext "Thanks for waiting - this is a test reply $MARKER"
key ctrl+Return
if got=$("$WORK/verify" -server "$FRONTLINE_URL" -company "$COMPANY" -email "$EMAIL" \
  -password "$PASSWORD" -marker "$MARKER" -number "$NUMBER" -wait "${TIMEOUT}s"); then
  ok "server has the reply with marker $MARKER on ticket #$got"
else
  fail "the reply with marker $MARKER did not reach ticket #$NUMBER"
fi
sleep 1
shot 3-sent

# 8. An internal note: Escape leaves the reply box, n switches it to note
# mode and focuses it.
key Escape n
typetext "Internal: customer was told about the fix $MARKER-note"
key ctrl+Return
if "$WORK/verify" -server "$FRONTLINE_URL" -company "$COMPANY" -email "$EMAIL" -password "$PASSWORD" \
  -marker "$MARKER-note" -number "$NUMBER" -internal -wait "${TIMEOUT}s" >/dev/null; then
  ok "server has the internal note on ticket #$NUMBER"
else
  fail "the internal note did not reach ticket #$NUMBER"
fi
sleep 1
shot 4-note

# 9. Escape leaves the note box, a second Escape goes back to the inbox.
key Escape Escape
wait_title '^Frontline - Inbox' >/dev/null || fail "Escape went back to the inbox"
ok "Escape went back to the inbox"

# 10. Search (offline indexes of the replica): "/" opens the palette, results
# come as you type ("tubeless" is in a demo ticket's subject), Enter opens
# the selected ticket; Tab switches to KB articles, Enter opens the article.
wait_title '^Frontline - Inbox \(open\)$' >/dev/null || true
key slash
wait_title '^Frontline - Search' >/dev/null || fail "/ opened the search palette"
typetext "tubel"
wait_title '^Frontline - Search "tubel" \([1-9][0-9]*\)' >/dev/null || fail "typing a prefix found tickets"
ok "search palette finds a ticket by a word prefix while typing"
sleep 0.5
shot 5-search
key Return
wait_title '^Frontline - #[0-9]+ Tubeless setup leaks air' >/dev/null || fail "Enter opened the ticket found"
ok "Enter opened the ticket found"
key ctrl+k
wait_title '^Frontline - Search "tubel"' >/dev/null || fail "Ctrl+K reopened the search palette"
key ctrl+a
typetext "inseam"
wait_title '^Frontline - Search "inseam" \([1-9][0-9]*\)' >/dev/null || fail "search found the frame size article"
key Tab Tab
wait_title '^Frontline - Search "inseam" \([1-9][0-9]*\)' >/dev/null || fail "Tab switched to articles"
sleep 0.3
key Return
wait_title '^Frontline - Article: Choosing your frame size' >/dev/null || fail "Enter opened the KB article"
ok "KB article view opened from the palette"
sleep 0.5
shot 6-article
key Escape Escape
wait_title '^Frontline - #[0-9]+ Tubeless' >/dev/null || fail "Escape closed the article and the palette"
ok "Escape closed the article view, then the palette"

# 11. Triage and macros (issue #5): "t" puts the keyboard on the category
# chip and Down corrects it in one keypress; Ctrl+M in the reply box opens
# the macro picker, typing filters by title, Enter inserts the macro with
# its variables filled in and adds its tags. The reply (macro + marker)
# must reach the server with the tag and the corrected category.
title=$(wait_title '^Frontline - #[0-9]+ Tubeless') || fail "back on the Tubeless ticket"
TNUMBER=$(sed -E 's/^Frontline - #([0-9]+) .*/\1/' <<<"$title")
key t
sleep 0.3
key Down
sleep 1
shot 7-triage-corrected
key Escape r ctrl+m
sleep 0.8
typetext "return label"
sleep 0.3
key Return
sleep 1
typetext " $MARKER-macro"
shot 8-macro
key ctrl+Return
if "$WORK/verify" -server "$FRONTLINE_URL" -company "$COMPANY" -email "$EMAIL" -password "$PASSWORD" \
  -marker "$MARKER-macro" -number "$TNUMBER" -tag returns -corrected category -wait "${TIMEOUT}s" >/dev/null; then
  ok "server has the macro reply, its tag and the corrected category on ticket #$TNUMBER"
else
  fail "the macro reply, its tag or the category correction did not reach ticket #$TNUMBER"
fi

finish
