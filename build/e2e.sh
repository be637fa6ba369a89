#!/usr/bin/env bash
# e2e.sh runs the end-to-end suites against a real demo server on a free
# loopback port with a fresh badger directory:
#   1. buf curl (a standard client using gRPC reflection) walks the API;
#   2. the widget's browser test in Debian's Chromium;
#   3. the desktop app in a real WebKitGTK window under Xvfb;
#   4. the desktop app offline (through build/e2e/netgate, a network switch
#      in front of the server): work offline, come back, check the server
#      and a second client;
#   5. a stored-XSS corpus in the widget (Chromium) and the desktop window,
#      and a live handover reaching the desktop's "Handed over" view
#      (runs after the desktop suites: it adds tickets that head the inbox);
#   6. an admin's setup and an agent's day in the window (build/e2e/deskday.sh),
#      with a screenshot of every main screen;
#   7. the knowledge base editor: a new article typed with its Markdown
#      preview, then a clashing edit shown side by side (build/e2e/kb.sh).
# Screenshots and logs go to $ARTIFACTS_DIR. Expects build/bin/frontline-server
# and build/bin/frontline-desk to be built (make e2e does that).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export ARTIFACTS_DIR=${ARTIFACTS_DIR:-$root/test-artifacts}
mkdir -p "$ARTIFACTS_DIR"

free_port() {
	local p
	for _ in $(seq 1 50); do
		p=$((20000 + RANDOM % 20000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return
		fi
	done
	echo "no free port" >&2
	return 1
}

data=$(mktemp -d)
port=$(free_port)
export FRONTLINE_URL="http://127.0.0.1:$port"
build/bin/frontline-server --demo --data "$data" --addr "127.0.0.1:$port" >"$ARTIFACTS_DIR/server.log" 2>&1 &
server=$!
cleanup() {
	kill -TERM $server 2>/dev/null || true
	wait $server 2>/dev/null || true
	rm -rf "$data"
}
trap cleanup EXIT

for _ in $(seq 1 150); do
	curl -fsS "$FRONTLINE_URL/healthz" >/dev/null 2>&1 && break
	kill -0 $server 2>/dev/null || { echo "server died at start:" >&2; cat "$ARTIFACTS_DIR/server.log" >&2; exit 1; }
	sleep 0.1
done
curl -fsS "$FRONTLINE_URL/healthz" >/dev/null

failed=0
run() {
	local name=$1; shift
	echo "=== e2e: $name"
	if "$@"; then
		echo "--- PASS: e2e $name"
	else
		echo "--- FAIL: e2e $name"
		failed=$((failed + 1))
	fi
}

run bufcurl build/e2e/bufcurl.sh
run widget bash -c 'cd server/widget && npm run --silent test:e2e'
run desktop env E2E_SKIP_BUILD=1 build/e2e/desktop.sh
run desktop-offline env E2E_SKIP_BUILD=1 build/e2e/offline.sh
run xss env E2E_SKIP_BUILD=1 build/e2e/xss.sh
run deskday env E2E_SKIP_BUILD=1 build/e2e/deskday.sh
run kb env E2E_SKIP_BUILD=1 build/e2e/kb.sh

# A clean shutdown on SIGTERM is part of the contract.
shutdown() {
	kill -TERM $server && wait $server
}
run shutdown shutdown
trap 'rm -rf "$data"' EXIT

passed=$((8 - failed))
echo "e2e: $passed passed, $failed failed"
exit $((failed > 0))
