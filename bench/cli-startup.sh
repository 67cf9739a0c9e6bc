#!/usr/bin/env bash
# Start-up of the CLI on the cached pinned fetch path, against `java -version`, interleaved so the
# ratios hold on a noisy machine (see MEASURED.md). Usage: bench/cli-startup.sh [runs] [jar]
set -euo pipefail
runs="${1:-20}"
jar="${2:-$(cd "$(dirname "$0")/.." && pwd)/assets-cli/target/assets.jar}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src" "$work/bucket"
echo "weights" > "$work/src/w.bin"
export ASSETS_STORAGE_PROVIDER=local ASSETS_STORAGE_BUCKET="$work/bucket" ASSETS_DIR="$work/assets"
java -jar "$jar" new "$work/src/w.bin" x -y -q >/dev/null
java -jar "$jar" fetch x:0.0 >/dev/null
python3 - "$runs" "$jar" <<'PY'
import os, statistics, subprocess, sys, time
runs, jar = int(sys.argv[1]), sys.argv[2]
cases = {
    "java -version": ["java", "-version"],
    "assets --version": ["java", "-jar", jar, "--version"],
    "assets fetch x:0.0 (cached)": ["java", "-jar", jar, "fetch", "x:0.0"],
    "assets fetch x:0.0 (cached, through the launcher beside the jar)": [
        os.path.join(os.path.dirname(jar), "assets"), "fetch", "x:0.0"],
    "assets fetch x:0.0, +SerialGC -Xshare:auto -XX:TieredStopAtLevel=1": [
        "java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar, "fetch", "x:0.0"],
    "assets fetch x:0.0 -v (cached, through picocli)": ["java", "-jar", jar, "fetch", "x:0.0", "-v"],
    "assets fetch x (latest: reads the index)": ["java", "-jar", jar, "fetch", "x"],
}
times = {name: [] for name in cases}
for _ in range(runs):
    for name, cmd in cases.items():
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times[name].append((time.perf_counter() - start) * 1000)
base = statistics.median(times["java -version"])
for name, values in times.items():
    med = statistics.median(values)
    print(f"{name:70s} median {med:6.0f} ms  min {min(values):5.0f} ms  x{med / base:4.1f}")
PY
