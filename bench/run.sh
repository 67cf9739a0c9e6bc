#!/usr/bin/env bash
# The assetkit benchmark suite, one command: bench/run.sh [--quick] [--only 1,2,3,6,8]
# Installs what it needs (GNU time, rclone), builds the CLI jar and the JMH project, generates the
# data under bench/work/ (gitignored), runs every figure interleaved with its baseline and writes
# bench/results.md (tables + bench/analysis.md). Needs root (it drops the page cache before each
# cold run). The full run takes about 10-15 minutes; --quick uses fewer runs and smaller data.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! [ -x /usr/bin/time ] || ! command -v rclone >/dev/null; then
  apt-get update -q
  apt-get install -y -q time rclone
fi

# Offline first (fast, no network); online when something is missing from ~/.m2.
mvn -B -o -q install -DskipTests || mvn -B -q install -DskipTests
(cd bench/jmh && (mvn -B -o -q package || mvn -B -q package))

exec python3 bench/bench.py "$@"
