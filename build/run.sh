#!/usr/bin/env bash
# run.sh starts the server with the demo tenant and opens the desktop app
# against it. Closing the app (or Ctrl-C) stops the server.
# Usage: build/run.sh ADDR DATA_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
addr=${1:-127.0.0.1:8080}
data=${2:-$HOME/.local/share/frontline/server}
mkdir -p "$data" out

build/bin/frontline-server --demo --data "$data" --addr "$addr" > out/server.log 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT INT TERM

for _ in $(seq 1 100); do
	curl -fsS "http://$addr/healthz" >/dev/null 2>&1 && break
	kill -0 $server 2>/dev/null || { echo "server failed to start; see out/server.log" >&2; cat out/server.log >&2; exit 1; }
	sleep 0.1
done

cat <<MSG
Frontline is running.
  server:       http://$addr   (log: out/server.log, data: $data)
  widget demo:  http://$addr/demo/flw_demo_northwind_bikes
  desk logins:  company "Northwind Bikes"; ada@northwind.test (admin), maya@northwind.test, sam@northwind.test (agents);
                password frontline-demo
MSG

if [[ -z ${DISPLAY:-} && -z ${WAYLAND_DISPLAY:-} ]]; then
	echo "No display found: the desktop app needs one. The server keeps running; press Ctrl-C to stop it."
	wait $server
else
	FRONTLINE_SERVER="http://$addr" build/bin/frontline-desk
fi
