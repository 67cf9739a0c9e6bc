#!/usr/bin/env bash
# The README quickstart, runnable as is: push a folder as a new asset, push an update, fetch both
# versions back and check every byte, on a local-folder store in a temporary directory.
#
#   bash scripts/quickstart.sh [path/to/assets.jar]
#
# Builds nothing (mvn -B -q -DskipTests package does). Without an argument it runs the launcher the
# build writes, assets-cli/target/assets, as an installed `assets` runs; given a jar (or
# ASSETS_JAR), `java -jar` on it. Prints each command as it runs; exits non-zero at the first failure.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="${1:-${ASSETS_JAR:-}}"
if [[ -n "$jar" ]]; then
  if [[ ! -f "$jar" ]]; then
    echo "quickstart: no jar at $jar; build it with: mvn -B -q -DskipTests package" >&2
    exit 2
  fi
  command=(java -jar "$jar")
else
  launcher="$repo/assets-cli/target/assets"
  if [[ ! -x "$launcher" ]]; then
    echo "quickstart: no launcher at $launcher; build it with: mvn -B -q -DskipTests package" >&2
    exit 2
  fi
  command=("$launcher")
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/assets-quickstart.XXXXXX")"
trap 'rm -rf "$work"' EXIT

assets() {
  echo "+ assets $*" >&2
  "${command[@]}" "$@"
}

# A local folder as the bucket, and a fresh assets directory (the cache).
export ASSETS_STORAGE_PROVIDER=local
export ASSETS_STORAGE_BUCKET="$work/bucket"
export ASSETS_DIR="$work/assets"
mkdir -p "$ASSETS_STORAGE_BUCKET"

# An asset: a directory with a nested file and a hidden one.
mkdir -p "$work/encoder/vocab"
printf 'weights v1\n' > "$work/encoder/weights.bin"
printf 'hello\nworld\n' > "$work/encoder/vocab/en.txt"
printf 'seed=1\n' > "$work/encoder/.config"

assets new "$work/encoder" models/encoder --yes           # pushes models/encoder:0.0
printf 'weights v2\n' > "$work/encoder/weights.bin"
assets update "$work/encoder" models/encoder --yes        # pushes models/encoder:0.1
assets list

v0="$(assets fetch models/encoder:0.0)"
v1="$(assets fetch models/encoder)"                        # the latest: 0.1
vocab="$(assets fetch 'models/encoder:0.1[vocab/en.txt]')"

fail() {
  echo "quickstart: FAILED: $*" >&2
  exit 1
}
[[ "$v0" == "$ASSETS_DIR/models/encoder/0.0" ]] || fail "0.0 fetched to $v0"
[[ "$v1" == "$ASSETS_DIR/models/encoder/0.1" ]] || fail "latest fetched to $v1"
[[ "$(cat "$v0/weights.bin")" == "weights v1" ]] || fail "0.0 has the wrong weights"
[[ "$(cat "$v1/weights.bin")" == "weights v2" ]] || fail "0.1 has the wrong weights"
cmp "$work/encoder/vocab/en.txt" "$vocab" || fail "vocab/en.txt differs"
cmp "$work/encoder/.config" "$v1/.config" || fail "the hidden file differs"
[[ -f "$v1/.SUCCESS" ]] || fail "0.1 has no completion marker"

assets fetch models/encoder:0.1 --json
assets cache verify
echo "quickstart: OK" >&2
