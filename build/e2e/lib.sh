# lib.sh: shared helpers for the Xvfb desktop suites (source it; bash).
# Before sourcing set SUITE (log prefix and screenshot prefix). Provides:
#   e2e_init                 ROOT, FRONTLINE_URL, ARTIFACTS_DIR (absolute), TIMEOUT, BIN, WORK, counters
#   ok MSG / fail MSG        count a check; fail screenshots, then finishes (exit 1)
#   finish                   print the counts and exit
#   start_xvfb               a private display in DISP
#   start_app [ENV=VAL...]   start the window binary with a throwaway HOME/config; sets APP_PID, WID
#   stop_app                 stop it
#   wait_title REGEX         wait until the window title matches; prints it
#   key KEYS... / typetext TEXT / shot NAME / focus_window
# E2E_TIMEOUT (default 30) is the seconds per wait; waits are generous for
# a loaded 2-core machine.

e2e_init() {
  ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  cd "$ROOT"
  FRONTLINE_URL=${FRONTLINE_URL:-http://127.0.0.1:8080}
  ARTIFACTS_DIR=${ARTIFACTS_DIR:-test-artifacts}
  TIMEOUT=${E2E_TIMEOUT:-30}
  BIN="$ROOT/build/bin/frontline-desk"
  mkdir -p "$ARTIFACTS_DIR"
  ARTIFACTS_DIR=$(cd "$ARTIFACTS_DIR" && pwd)
  WORK=$(mktemp -d)
  passed=0
  failed=0
  XVFB_PID=""
  APP_PID=""
  APP_N=0
  DISP=""
  WID=""
  trap e2e_cleanup EXIT
}

log() { printf '[%s-e2e] %s\n' "$SUITE" "$*"; }
ok() { passed=$((passed + 1)); log "PASS $*"; }
fail() {
  failed=$((failed + 1))
  log "FAIL $*"
  shot "failure" || true
  finish
}

e2e_stop() { # e2e_stop PID: TERM, then KILL after 5 s
  local pid=$1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

e2e_cleanup() {
  e2e_stop "$APP_PID"
  e2e_stop "$XVFB_PID"
  rm -rf "$WORK"
}

finish() {
  for f in "$WORK"/app-*.log; do [ -f "$f" ] && cp "$f" "$ARTIFACTS_DIR/$SUITE-$(basename "$f")"; done
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ] && exit 0 || exit 1
}

shot() { # shot NAME: screenshot the whole screen
  [ -n "$XVFB_PID" ] || return 0
  DISPLAY=$DISP import -window root "$ARTIFACTS_DIR/$SUITE-$1.png"
  log "screenshot $ARTIFACTS_DIR/$SUITE-$1.png"
}

title_now() { DISPLAY=$DISP xdotool getwindowname "$WID" 2>/dev/null || true; }

wait_title() { # wait_title REGEX [SECONDS]
  local re=$1 end=$((SECONDS + ${2:-$TIMEOUT})) title
  while [ $SECONDS -lt $end ]; do
    title=$(title_now)
    if [[ $title =~ $re ]]; then
      printf '%s\n' "$title"
      return 0
    fi
    kill -0 "$APP_PID" 2>/dev/null || return 1
    sleep 0.2
  done
  log "window title is '${title:-}', want /$re/" >&2
  return 1
}

# back_to VIEWRE: Escape until the title matches VIEWRE (a text box or an
# overlay may take the first Escape); up to four tries.
back_to() {
  local re=$1
  for _ in 1 2 3 4; do
    key Escape
    wait_title "$re" 5 >/dev/null 2>&1 && return 0
  done
  wait_title "$re" >/dev/null
}

# focus_window: give the window the keyboard focus, retrying (a busy 2-core
# machine sometimes drops the first request).
focus_window() {
  for _ in 1 2 3 4 5; do
    DISPLAY=$DISP xdotool windowfocus --sync "$WID" 2>/dev/null && return 0
    DISPLAY=$DISP xdotool windowactivate "$WID" 2>/dev/null && return 0
    sleep 0.3
  done
  DISPLAY=$DISP xdotool windowfocus "$WID" 2>/dev/null || true
}

key() { DISPLAY=$DISP xdotool key --clearmodifiers --delay 60 "$@"; }
typetext() { DISPLAY=$DISP xdotool type --clearmodifiers --delay 25 -- "$1"; }

start_xvfb() {
  local n end
  for n in $(seq 90 160); do
    if [ ! -e "/tmp/.X11-unix/X$n" ] && [ ! -e "/tmp/.X$n-lock" ]; then DISP=":$n"; break; fi
  done
  [ -n "$DISP" ] || fail "no free X display"
  Xvfb "$DISP" -screen 0 1280x900x24 -nolisten tcp >"$WORK/xvfb.log" 2>&1 &
  XVFB_PID=$!
  end=$((SECONDS + TIMEOUT))
  until DISPLAY=$DISP xdotool getmouselocation >/dev/null 2>&1; do
    [ $SECONDS -lt $end ] && kill -0 "$XVFB_PID" 2>/dev/null || { cat "$WORK/xvfb.log"; fail "Xvfb $DISP did not start"; }
    sleep 0.1
  done
  ok "Xvfb on $DISP"
}

# start_app [VAR=VALUE...]: a fresh app (nothing remembered) on the display.
start_app() {
  local end
  APP_N=$((APP_N + 1))
  mkdir -p "$WORK/app$APP_N"
  env DISPLAY="$DISP" HOME="$WORK/app$APP_N/home" XDG_CONFIG_HOME="$WORK/app$APP_N/config" FRONTLINE_SERVER="$FRONTLINE_URL" "$@" \
    "$BIN" >"$WORK/app-$APP_N.log" 2>&1 &
  APP_PID=$!
  end=$((SECONDS + TIMEOUT))
  WID=""
  while [ -z "$WID" ] && [ $SECONDS -lt $end ]; do
    WID=$(DISPLAY=$DISP xdotool search --onlyvisible --name '^Frontline' 2>/dev/null | head -1 || true)
    kill -0 "$APP_PID" 2>/dev/null || { cat "$WORK/app-$APP_N.log"; fail "the app exited"; }
    [ -n "$WID" ] || sleep 0.2
  done
  [ -n "$WID" ] || fail "no Frontline window"
  focus_window
  wait_title '^Frontline' >/dev/null || true
  sleep 2 # let the webview load and autofocus the first empty field
}

stop_app() {
  e2e_stop "$APP_PID"
  APP_PID=""
  WID=""
}

# sign_in EMAIL PASSWORD: the login form has the server prefilled, so the
# company field has the focus.
sign_in() {
  typetext "Northwind Bikes"
  key Tab
  typetext "$1"
  key Tab
  typetext "$2"
  key Return
  wait_title '^Frontline - Inbox' 60 >/dev/null
}

# open_number N VIEWKEY VIEWRE: in the inbox view (key VIEWKEY, title
# VIEWRE), step through the tickets until ticket #N is open.
open_number() {
  local want=$1 vkey=$2 vre=$3 title
  key "$vkey"
  wait_title "$vre" >/dev/null || return 1
  sleep 0.5
  DISPLAY=$DISP xdotool key --clearmodifiers --delay 5 $(printf 'k %.0s' $(seq 40))
  for _ in $(seq 0 40); do
    key Return
    title=$(wait_title '^Frontline - #[0-9]+ ') || return 1
    if [[ $title == "Frontline - #$want "* ]]; then return 0; fi
    key Escape
    wait_title "$vre" >/dev/null || return 1
    key j
  done
  return 1
}
