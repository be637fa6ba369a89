#!/usr/bin/env bash
# Offline flow of the desktop app under Xvfb (issue 3). The app reaches the
# demo server through build/e2e/netgate, a TCP switch this script controls,
# so other suites keep the real server:
#   sign in (the first sync fills the local replica), open a ticket, cut the
#   network, reply and set the status to pending (Shift+P) while offline, and
#   wait for the window title to say "[Offline, 2 pending]"; check through
#   the API that the server has neither yet; search offline from the palette
#   (the replica's local index finds the offline reply); restore the network and wait for
#   the title to drop the marker (outbox drained); then check through the API
#   that the server has the reply and the status, and that a second client
#   (another agent's fresh replica, build/e2e/replicacheck) sees both; then,
#   offline again, open a ticket and wait for the copilot panel's triage and
#   an offline draft (the title's " · Copilot: ..." mark; offline-5-copilot.png).
# Screenshots: offline-*.png in $ARTIFACTS_DIR.
#
# Env: FRONTLINE_URL (the real server; default http://127.0.0.1:8080),
# ARTIFACTS_DIR, E2E_SKIP_BUILD=1 to reuse build/bin/frontline-desk,
# E2E_TIMEOUT seconds per wait (default 30; the reconnect wait is doubled).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
FRONTLINE_URL=${FRONTLINE_URL:-http://127.0.0.1:8080}
ARTIFACTS_DIR=${ARTIFACTS_DIR:-test-artifacts}
TIMEOUT=${E2E_TIMEOUT:-30}
COMPANY="Northwind Bikes"
EMAIL="maya@northwind.test"
PASSWORD="frontline-demo"
BIN="$ROOT/build/bin/frontline-desk"
mkdir -p "$ARTIFACTS_DIR"
ARTIFACTS_DIR=$(cd "$ARTIFACTS_DIR" && pwd)
rm -f "$ARTIFACTS_DIR"/offline-*.png "$ARTIFACTS_DIR/offline-app.log"
WORK=$(mktemp -d)

passed=0
failed=0
XVFB_PID=""
APP_PID=""
GATE_PID=""

log() { printf '[offline-e2e] %s\n' "$*"; }
ok() { passed=$((passed + 1)); log "PASS $*"; }
fail() {
  failed=$((failed + 1))
  log "FAIL $*"
  shot "failure" || true
  finish
}

stop() {
  local pid=$1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
  stop "$APP_PID"
  stop "$XVFB_PID"
  stop "$GATE_PID"
  rm -rf "$WORK"
}
trap cleanup EXIT

finish() {
  [ -f "$WORK/app.log" ] && cp "$WORK/app.log" "$ARTIFACTS_DIR/offline-app.log"
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ] && exit 0 || exit 1
}

shot() {
  [ -n "$XVFB_PID" ] || return 0
  DISPLAY=$DISP import -window root "$ARTIFACTS_DIR/offline-$1.png"
  log "screenshot $ARTIFACTS_DIR/offline-$1.png"
}

# wait_title REGEX [SECONDS]: wait until the window title matches; prints it.
wait_title() {
  local re=$1 end=$((SECONDS + ${2:-$TIMEOUT})) title
  while [ $SECONDS -lt $end ]; do
    title=$(DISPLAY=$DISP xdotool getwindowname "$WID" 2>/dev/null || true)
    if [[ $title =~ $re ]]; then
      printf '%s\n' "$title"
      return 0
    fi
    kill -0 "$APP_PID" 2>/dev/null || return 1
    sleep 0.2
  done
  log "window title is '${title:-}', want /$re/"
  return 1
}

key() { DISPLAY=$DISP xdotool key --clearmodifiers --delay 60 "$@"; }
typetext() { DISPLAY=$DISP xdotool type --clearmodifiers --delay 25 -- "$1"; }

# 1. Binaries.
if [ "${E2E_SKIP_BUILD:-}" != 1 ]; then
  log "building frontend and window binary"
  [ -d frontend/node_modules ] || (cd frontend && npm ci --no-audit --no-fund)
  (cd frontend && npm run build >"$WORK/frontend-build.log" 2>&1) || { cat "$WORK/frontend-build.log"; fail "frontend build"; }
  go build -tags desktop,production -o "$BIN" . || fail "go build -tags desktop,production"
fi
[ -x "$BIN" ] && ok "window binary built" || fail "no binary at $BIN"
for tool in verify netgate replicacheck; do
  go build -o "$WORK/$tool" "./build/e2e/$tool" || fail "go build ./build/e2e/$tool"
done
curl -fsS --max-time 5 "$FRONTLINE_URL/healthz" >/dev/null && ok "server answers at $FRONTLINE_URL" ||
  fail "no server at $FRONTLINE_URL"

# 2. The network switch in front of the server.
"$WORK/netgate" -target "${FRONTLINE_URL#http://}" >"$WORK/gate.log" 2>&1 &
GATE_PID=$!
for _ in $(seq 50); do grep -q '^ready' "$WORK/gate.log" 2>/dev/null && break; sleep 0.1; done
GATE_ADDR=$(sed -n 's/^ready //p' "$WORK/gate.log")
[ -n "$GATE_ADDR" ] || fail "netgate did not start: $(cat "$WORK/gate.log")"
GATE_URL="http://$GATE_ADDR"
curl -fsS --max-time 5 "$GATE_URL/healthz" >/dev/null && ok "netgate forwards $GATE_URL -> $FRONTLINE_URL" || fail "netgate does not forward"
gate() { # gate offline|online
  local sig=USR1
  [ "$1" = online ] && sig=USR2
  local n
  n=$(grep -c "^$1\$" "$WORK/gate.log" || true)
  kill -"$sig" "$GATE_PID"
  for _ in $(seq 50); do [ "$(grep -c "^$1\$" "$WORK/gate.log" || true)" -gt "$n" ] && return 0; sleep 0.1; done
  return 1
}

# 3. Xvfb and the app, pointed at the switch.
for n in $(seq 141 190); do
  if [ ! -e "/tmp/.X11-unix/X$n" ] && [ ! -e "/tmp/.X$n-lock" ]; then DISP=":$n"; break; fi
done
[ -n "${DISP:-}" ] || fail "no free X display"
Xvfb "$DISP" -screen 0 1280x900x24 -nolisten tcp >"$WORK/xvfb.log" 2>&1 &
XVFB_PID=$!
end=$((SECONDS + TIMEOUT))
until DISPLAY=$DISP xdotool getmouselocation >/dev/null 2>&1; do
  [ $SECONDS -lt $end ] && kill -0 $XVFB_PID 2>/dev/null || fail "Xvfb $DISP did not start"
  sleep 0.1
done
ok "Xvfb on $DISP"

MARKER="qzvoffline$(date +%s)x$RANDOM"
DISPLAY=$DISP HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/config" FRONTLINE_SERVER="$GATE_URL" \
  "$BIN" >"$WORK/app.log" 2>&1 &
APP_PID=$!
end=$((SECONDS + TIMEOUT))
WID=""
while [ -z "$WID" ] && [ $SECONDS -lt $end ]; do
  WID=$(DISPLAY=$DISP xdotool search --onlyvisible --name '^Frontline' 2>/dev/null | head -1 || true)
  kill -0 "$APP_PID" 2>/dev/null || { cat "$WORK/app.log"; fail "the app exited"; }
  [ -n "$WID" ] || sleep 0.2
done
[ -n "$WID" ] || fail "no Frontline window"
DISPLAY=$DISP xdotool windowfocus --sync "$WID" 2>/dev/null || DISPLAY=$DISP xdotool windowfocus "$WID"
ok "window $WID is up"
sleep 2

# 4. Sign in (online): the first sync fills the replica before the inbox shows.
typetext "$COMPANY"; key Tab
typetext "$EMAIL"; key Tab
typetext "$PASSWORD"; key Return
wait_title '^Frontline - Inbox \(open\)$' >/dev/null || fail "signed in and saw the inbox, online with nothing pending"
ok "signed in; inbox read from the replica"
[ -n "$(find "$WORK/config/frontline/replicas" -name MANIFEST 2>/dev/null)" ] && ok "replica on disk under the user config dir" ||
  fail "no replica under $WORK/config/frontline/replicas"
sleep 0.5
shot 1-online-inbox

key j k Return
title=$(wait_title '^Frontline - #[0-9]+ ') || fail "opened a ticket"
NUMBER=$(sed -E 's/^Frontline - #([0-9]+) .*/\1/' <<<"$title")
ok "opened ticket #$NUMBER"

# 5. Cut the network; work on.
gate offline || fail "netgate did not cut the network"
ok "network cut"
key r
typetext "Offline reply $MARKER"
key ctrl+Return
sleep 0.3
key Escape shift+p
wait_title '\[Offline, 2 pending\]$' >/dev/null || fail "title shows Offline with 2 pending changes"
ok "window shows Offline with 2 pending (reply and status)"
sleep 0.5
shot 2-offline-ticket
if "$WORK/verify" -server "$FRONTLINE_URL" -company "$COMPANY" -email "$EMAIL" -password "$PASSWORD" \
  -marker "$MARKER" -number "$NUMBER" -wait 0s >/dev/null 2>&1; then
  fail "the server has the reply while the desk is offline"
fi
ok "server does not have the reply yet"
key Escape
wait_title '^Frontline - Inbox \(open\) \[Offline, 2 pending\]$' >/dev/null || fail "inbox still works offline"
ok "inbox still works offline"
sleep 0.5
shot 3-offline-inbox

# Search works offline: the palette answers from the replica's local index,
# which already holds the reply written offline (still in the outbox).
key slash
typetext "$MARKER"
wait_title "^Frontline - Search \"$MARKER\" \\(1\\) \\[Offline, 2 pending\\]\$" >/dev/null ||
  fail "offline search found the ticket by the reply written offline"
ok "offline search found the offline reply's ticket"
sleep 0.3
shot 3b-offline-search
key Return
wait_title "^Frontline - #$NUMBER .*\\[Offline, 2 pending\\]\$" >/dev/null || fail "Enter opened ticket #$NUMBER offline"
ok "opened ticket #$NUMBER from the offline search"
key Escape
wait_title '^Frontline - Inbox \(open\) \[Offline, 2 pending\]$' >/dev/null || fail "back to the inbox offline"

# 6. Restore the network: the outbox drains by itself (back-off retry).
gate online || fail "netgate did not restore the network"
ok "network restored"
wait_title '^Frontline - Inbox \(open\)$' $((TIMEOUT * 2)) >/dev/null || fail "title drops the offline marker once synced"
ok "desk back online with nothing pending"
sleep 1
shot 4-synced

if "$WORK/verify" -server "$FRONTLINE_URL" -company "$COMPANY" -email "$EMAIL" -password "$PASSWORD" \
  -marker "$MARKER" -number "$NUMBER" -status pending -wait "${TIMEOUT}s" >/dev/null; then
  ok "server has the offline reply and status pending on ticket #$NUMBER (API)"
else
  fail "the offline reply or status did not reach ticket #$NUMBER"
fi
if out=$("$WORK/replicacheck" -server "$FRONTLINE_URL" -company "$COMPANY" -email "sam@northwind.test" \
  -password "$PASSWORD" -number "$NUMBER" -marker "$MARKER" -status pending -wait "${TIMEOUT}s"); then
  ok "$out"
else
  fail "a second client's replica does not show the reply and the status"
fi

# 7. The ticket, reopened, shows the reply as sent (no "Not sent yet").
key 1
wait_title '^Frontline - Inbox \(open\)$' >/dev/null || true

# 8. Copilot with the network off (issue 5): open a ticket, the panel
#    triages it on this computer; "g" drafts a reply from the replica's
#    knowledge base. The frontend appends " · Copilot: triage <priority>,
#    draft <mode>" to the title once both show.
gate offline || fail "netgate did not cut the network (copilot)"
ok "network cut again for the copilot"
sleep 0.5
key j Return
wait_title '^Frontline - #[0-9]+ ' >/dev/null || fail "opened a ticket for the copilot"
sleep 1
key g
title=$(wait_title 'Copilot: triage (low|normal|high|urgent), draft offline \(server unreachable\)') ||
  fail "copilot panel shows the triage and an offline draft"
ok "copilot offline: ${title#Frontline - }"
sleep 0.5
shot 5-copilot
key Escape
gate online || fail "netgate did not restore the network (copilot)"
wait_title '^Frontline - Inbox \(open\)$' $((TIMEOUT * 2)) >/dev/null || fail "back online after the copilot step"
ok "desk back online after the copilot step"
finish
