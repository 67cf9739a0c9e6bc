#!/usr/bin/env python3
"""The assetkit benchmark suite; run it through bench/run.sh, which builds what it needs first.

Every end-to-end figure is timed as a process under /usr/bin/time -v, interleaved with its
baseline (figure, baseline, figure, baseline, ...) on the same data, with the page cache dropped
before each cold run; results.md reports median/min/max of each and the median ratio. Absolute
times on this shared machine move a lot (see /work/shared/MEASURED.md): read the ratios.
"""
import argparse
import csv
import datetime
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
WORK = BENCH / "work"
JAR = ROOT / "assets-cli" / "target" / "assets.jar"
S3PROXY_JAR = ROOT / "assets-driver-s3" / "target" / "s3proxy" / "s3proxy.jar"
JMH = BENCH / "jmh"
IDENTITY, CREDENTIAL = "assetkit-bench-identity", "assetkit-bench-credential"
MIB = 1 << 20

# The CLI as users run it: the launcher the build writes beside the jar (docs/cli.md). Its memory
# flags, SerialGC and a 128 MiB heap cap, keep the peak RSS of big transfers under 256 MiB (figure
# 7); its compiler directives keep C2 for SHA-256 alone from the JVM's start. CLI_JAVA_OPTS runs the
# jar with those flags instead (java CLI_JAVA_OPTS -jar assets.jar), for A/B runs.
LAUNCHER = ROOT / "assets-cli" / "target" / "assets"
LAUNCHER_OPTS = "-XX:+UseSerialGC -Xmx128m"
JAVA_OPTS = LAUNCHER_OPTS.split()
if "CLI_JAVA_OPTS" in os.environ:
    CLI = ["java", *os.environ["CLI_JAVA_OPTS"].split(), "-jar", str(JAR)]
else:
    CLI = [str(LAUNCHER)]
PLAIN_CLI = ["java", "-jar", str(JAR)]
# Figure 6's second baseline: a plain sequential AWS SDK v2 loop (bench/jmh SequentialSdkLoop), one
# PUT or GET at a time, started with the launcher's memory flags so RSS compares (a plain program:
# no compiler directives).
SDK_LOOP = "sequential SDK loop"
SDK_LOOP_MAIN = "dev.assetkit.bench.SequentialSdkLoop"
# Figures 3 and 5's floor (bench/jmh TreeCopyFloor): the least a JVM program does to copy the tree,
# with the launcher's JVM flags and the CLI's 8 transfer threads, so that what it does not do is
# what the CLI adds (meta, staging, locks, checks, its start-up). Timed against `cp -r` too, it says
# whether a JVM can meet the target on this host at all.
FLOOR_MAIN = "dev.assetkit.bench.TreeCopyFloor"
FLOOR_THREADS = 8
FLOOR_HASH, FLOOR_NOHASH = "bare JVM copy + SHA-256 (floor)", "bare JVM copy, no hash (floor)"

TREE_LABEL, BIG_LABEL = "10k x 4 KiB tree", "1 GiB file"  # set from the data in main()
rows = []  # (figure, case, samples seconds, baseline samples, target text)
notes = []
rss_rows = []  # (case, MiB)


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def drop_caches():
    subprocess.run(["sync"], check=True)
    try:
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
    except OSError as e:
        notes.append(f"could not drop the page cache ({e}): cold figures are warm")


def timed(cmd, env=None, cwd=None):
    """Seconds and peak RSS (MiB) of one process, through /usr/bin/time -v."""
    out = WORK / "time.txt"
    full_env = dict(os.environ)
    if env:
        full_env.update(env)
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-v", "-o", str(out), *cmd], env=full_env, cwd=cwd,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    rss = 0
    for line in out.read_text().splitlines():
        if "Maximum resident set size" in line:
            rss = int(line.split(":")[1]) / 1024
    return elapsed, rss


def rm(path):
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


def files_and_bytes(path):
    sizes = [f.stat().st_size for f in path.rglob("*") if f.is_file()] if path.is_dir() else []
    return len(sizes), sum(sizes)


def make_tree(path, files, size=4096):
    if path.is_dir() and len(list(path.iterdir())) == files:
        return
    rm(path)
    path.mkdir(parents=True)
    # 100 sub-folders, like a real model tree, random bytes so nothing compresses or dedups.
    for i in range(files):
        d = path / f"d{i % 100:02d}"
        d.mkdir(exist_ok=True)
        (d / f"f{i:05d}.bin").write_bytes(os.urandom(size))


def make_file(path, size):
    if path.is_file() and path.stat().st_size == size:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["head", "-c", str(size), "/dev/urandom"], stdout=path.open("wb"), check=True)


def local_env(bucket, assets):
    bucket.mkdir(parents=True, exist_ok=True)  # the local driver wants its folder to exist
    return {"ASSETS_STORAGE_PROVIDER": "local", "ASSETS_STORAGE_BUCKET": str(bucket),
            "ASSETS_DIR": str(assets)}


def interleave_many(runs, figure, baselines, before=None, warmup=False):
    """Runs figure() and every baseline once per run, each after before(); all return (s, rss).

    The order rotates from run to run (two commands: f b, b f, ...; three: f b c, b c f, c f b, ...)
    so no command always goes first. With warmup, the figure first runs once untimed: against a
    server just started (S3Proxy) the first requests run interpreted there, and that cost fell on
    the figure, which goes first in the first run. Returns ([seconds], [rss]) lists, figure first,
    then the baselines in the order given."""
    fns = [figure, *baselines]
    if warmup:
        if before:
            before()
        figure(-1)
    secs, rss = [[] for _ in fns], [[] for _ in fns]
    for i in range(runs):
        k = i % len(fns)
        for j in [*range(k, len(fns)), *range(k)]:
            if before:
                before()
            s, r = fns[j](i)
            secs[j].append(s)
            rss[j].append(r)
    return secs, rss


def interleave(runs, figure, baseline, before=None):
    """Runs figure() and baseline() alternately, each after before(); both return (s, rss)."""
    secs, rss = interleave_many(runs, figure, [baseline], before)
    return secs[0], secs[1], rss[0]


def record(figure, case, baseline_name, fig, base, target):
    rows.append((figure, case, baseline_name, fig, base, target))
    log(f"  {case}: median {statistics.median(fig):.3f}s vs {baseline_name} "
        f"{statistics.median(base):.3f}s -> x{statistics.median(fig) / statistics.median(base):.2f}")


def jmh_classpath():
    return (JMH / "target" / "classes").as_posix() + ":" + (JMH / "target" / "classpath.txt").read_text().strip()


def launcher_jvm_flags():
    """The JVM flags the launcher gives the CLI, as it gives them: it is run with a stand-in `java`
    that prints its arguments. Its class-data archive (the CLI jar's) and the CLI's own properties
    are left out; everything else applies to any program, so nothing is copied here to drift."""
    shim = WORK / "print-java"
    (shim / "bin").mkdir(parents=True, exist_ok=True)
    java = shim / "bin" / "java"
    java.write_text('#!/bin/sh\nfor a in "$@"; do printf \'%s\\n\' "$a"; done\n')
    java.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k != "ASSETS_JAVA_OPTS"}
    env.update({"JAVA_HOME": str(shim), "ASSETS_STORAGE_PROVIDER": "local"})
    args = subprocess.run([str(LAUNCHER), "--version"], env=env, capture_output=True, text=True,
                          check=True).stdout.splitlines()
    return [a for a in args[:args.index("-cp")]
            if not a.startswith("-XX:SharedArchiveFile=") and not a.startswith("-Dassetkit.")]


def floor_copy(flags, files, source, target, hash_files):
    """One timed run of TreeCopyFloor: copies the files listed in `files` from source to target."""
    return timed(["java", *flags, "-cp", str(JMH / "target" / "classes"), FLOOR_MAIN, str(files),
                  str(source), str(target), str(FLOOR_THREADS), "hash" if hash_files else "nohash"])


def list_files(tree, out):
    """Writes the tree's file paths, relative and sorted as a meta lists them, one a line."""
    out.write_text("".join(f"{p.relative_to(tree).as_posix()}\n" for p in sorted(tree.rglob("*"))
                           if p.is_file()))
    return out


def floor_flags():
    """The JVM flags of figures 3 and 5's floor (the launcher's), or None, said in the notes, when
    those figures get no floor rows."""
    if not (JMH / "target" / "classes" / (FLOOR_MAIN.replace(".", "/") + ".class")).is_file():
        notes.append("figures 3 and 5: no floor rows, bench/jmh is not built (run bench/run.sh)")
        return None
    if CLI[0] != str(LAUNCHER):
        notes.append("figures 3 and 5: no floor rows, the CLI is not started by its launcher (CLI_JAVA_OPTS)")
        return None
    return launcher_jvm_flags()


# ---- figure 1: JMH
def figure1(quick):
    log("figure 1: JMH cached pinned fetchAsset")
    cp = jmh_classpath()
    out = WORK / "jmh.csv"
    args = ["-f", "1", "-wi", "2", "-w", "1s", "-i", "3", "-r", "1s"] if quick else \
        ["-f", "2", "-wi", "3", "-w", "2s", "-i", "5", "-r", "2s"]
    subprocess.run(["java", "-cp", cp, "org.openjdk.jmh.Main", "FetchBenchmark", *args,
                    "-rf", "csv", "-rff", str(out)], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    # One score per fork would need the raw JSON; the CSV gives the mean and its 99.9% error.
    scores = {}
    with out.open() as f:
        for r in csv.DictReader(f):
            scores[r["Benchmark"].rsplit(".", 1)[1]] = (float(r["Score"]), r["Score Error (99.9%)"])
    return scores


# ---- figure 8: request counts
def figure8():
    log("figure 8: requests per fetch")
    cp = jmh_classpath()
    out = subprocess.run(["java", "-cp", cp, "dev.assetkit.bench.RequestCounts"], check=True,
                         capture_output=True, text=True).stdout
    return [line.split("\t") for line in out.strip().splitlines()]


# ---- figure 2: start-up
def figure2(runs):
    log("figure 2: cached pinned fetch as a process vs a trivial main")
    hello = WORK / "hello"
    hello.mkdir(parents=True, exist_ok=True)
    (hello / "Hello.java").write_text(
        "public class Hello { public static void main(String[] a) { System.out.println(\"hi\"); } }\n")
    subprocess.run(["javac", "-d", str(hello), str(hello / "Hello.java")], check=True)
    d = WORK / "startup"
    rm(d)
    (d / "src").mkdir(parents=True)
    (d / "src" / "w.bin").write_text("weights\n")
    env = local_env(d / "bucket", d / "assets")
    subprocess.run([*CLI, "new", str(d / "src" / "w.bin"), "x", "-y", "-q"], env={**os.environ, **env},
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run([*CLI, "fetch", "x:0.0"], env={**os.environ, **env}, check=True, stdout=subprocess.DEVNULL)
    fig, base, _ = interleave(runs * 3, lambda i: timed([*CLI, "fetch", "x:0.0"], env),
                              lambda i: timed(["java", "-cp", str(hello), "Hello"]))
    record(2, "`assets fetch x:0.0` (cached, pinned)", "java Hello", fig, base, "<= 2.5")


# ---- figures 3, 4, 5, 7: local driver
def local_figures(runs, tree, big, big4):
    bucket = WORK / "bucket-local"
    rm(bucket)
    env0 = local_env(bucket, WORK / "assets-setup")
    for src, name in ((tree, "tree"), (big, "big")):
        subprocess.run([*CLI, "new", str(src), name, "-y", "-q"], env={**os.environ, **env0}, check=True,
                       stdout=subprocess.DEVNULL)
    rm(WORK / "assets-setup")
    assets, copy = WORK / "assets-pull", WORK / "copy"

    def clean():
        rm(assets)
        rm(copy)
        drop_caches()

    floor = floor_flags()
    for fig_no, name, label, target in ((3, "tree", TREE_LABEL, "<= 1.0"),
                                        (4, "big", BIG_LABEL, "<= 1.1")):
        log(f"figure {fig_no}: cold pull of the {label}, local driver vs cp")
        stored = bucket / "modelkit-assets" / name / "0.0"
        baselines = [lambda i: timed(["cp", "-r", str(stored), str(copy)])]
        with_floor = floor is not None and name == "tree"
        if with_floor:
            files = list_files(stored, WORK / "tree-files.txt")
            baselines += [lambda i: floor_copy(floor, files, stored, copy, True),
                          lambda i: floor_copy(floor, files, stored, copy, False)]
        secs, rss = interleave_many(
            runs, lambda i: timed([*CLI, "fetch", f"{name}:0.0", "-q"], local_env(bucket, assets)),
            baselines, before=clean)
        case = f"pull {label} (local)"
        record(fig_no, case, "cp -r" if name == "tree" else "cp", secs[0], secs[1], target)
        if with_floor:
            record(fig_no, case, FLOOR_HASH, secs[0], secs[2], "info")
            record(fig_no, case, FLOOR_NOHASH, secs[0], secs[3], "info")
            record(fig_no, FLOOR_HASH, "cp -r", secs[2], secs[1], "info")
            record(fig_no, FLOOR_NOHASH, "cp -r", secs[3], secs[1], "info")
        rss_rows.append((case, max(rss[0])))
        clean()

    for name, src, label, target in (("tree", tree, TREE_LABEL, "<= 1.0 (+hashing)"),
                                     ("big", big, BIG_LABEL, "<= 1.1 (+hashing)")):
        log(f"figure 5: push of the {label}, local driver vs cp")
        push_bucket = WORK / "bucket-push"

        def clean_push():
            rm(push_bucket)
            rm(copy)
            drop_caches()

        # The target allows the hashing on top of the copy: the second baseline is the copy
        # followed by the fastest hashing at hand (openssl's SHA-256, SHA-NI where the CPU has it;
        # coreutils' sha256sum has no such path and would flatter the figure).
        hashed = shutil.which("openssl") is not None
        baselines = [lambda i: timed(["cp", "-r", str(src), str(copy)])]
        if hashed:
            baselines.append(lambda i: timed(
                ["sh", "-c", 'cp -r "$1" "$2" && find "$1" -type f -print0 | xargs -0 openssl dgst -sha256 >/dev/null',
                 "sh", str(src), str(copy)]))
        else:
            notes.append("no openssl: figure 5 is timed against the bare copy only")
        with_floor = floor is not None and name == "tree"
        if with_floor:
            files = list_files(src, WORK / "push-files.txt")
            baselines.append(lambda i: floor_copy(floor, files, src, copy, True))
        secs, rsss = interleave_many(
            runs, lambda i: timed([*CLI, "new", str(src), name, "-y", "-q"],
                                  local_env(push_bucket, WORK / "assets-push")),
            baselines, before=clean_push)
        copy_name = "cp -r" if name == "tree" else "cp"
        record(5, f"push {label} (local)", copy_name, secs[0], secs[1], target)
        if hashed:
            record(5, f"push {label} (local)", f"{copy_name}, then `openssl dgst -sha256` of the source",
                   secs[0], secs[2], target.split(" (")[0])
        if with_floor:
            record(5, f"push {label} (local)", FLOOR_HASH, secs[0], secs[-1], "info")
            if hashed:
                record(5, FLOOR_HASH, f"{copy_name}, then `openssl dgst -sha256` of the source",
                       secs[-1], secs[2], "info")
        rss_rows.append((f"push {label} (local)", max(rsss[0])))
        clean_push()

    log("figure 7: peak RSS pulling and pushing a bigger file")
    big4_bucket = WORK / "bucket-big4"
    rm(big4_bucket)
    drop_caches()
    _, push4 = timed([*CLI, "new", str(big4), "big4", "-y", "-q"], local_env(big4_bucket, WORK / "assets-big4"))
    rm(WORK / "assets-big4")
    drop_caches()
    _, pull4 = timed([*CLI, "fetch", "big4:0.0", "-q"], local_env(big4_bucket, WORK / "assets-big4"))
    size4 = big4.stat().st_size / (1 << 30)
    rss_rows.append((f"push {size4:g} GiB file (local)", push4))
    rss_rows.append((f"pull {size4:g} GiB file (local)", pull4))
    rm(WORK / "assets-big4")
    rm(big4_bucket)


# ---- figure 6: S3 driver against S3Proxy
def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_s3proxy():
    port = free_port()
    props = WORK / "s3proxy.properties"
    props.write_text("\n".join([
        f"s3proxy.endpoint=http://127.0.0.1:{port}", "s3proxy.authorization=aws-v2-or-v4",
        f"s3proxy.identity={IDENTITY}", f"s3proxy.credential={CREDENTIAL}",
        "s3proxy.ignore-unknown-headers=true", "jclouds.provider=transient",
        "jclouds.identity=unused", "jclouds.credential=unused"]) + "\n")
    logf = (WORK / "s3proxy.log").open("w")
    proc = subprocess.Popen(["java", "-Xmx3g", "-XX:+UseParallelGC", "-cp", str(S3PROXY_JAR),
                             "org.gaul.s3proxy.Main", "--properties", str(props)],
                            stdout=logf, stderr=subprocess.STDOUT, env={**os.environ, "LOG_LEVEL": "warn"},
                            start_new_session=True)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 0.5).close()
            return proc, f"http://127.0.0.1:{port}"
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError("S3Proxy exited; see bench/work/s3proxy.log")
            time.sleep(0.2)
    raise RuntimeError("S3Proxy did not open its port in 60 s")


def cli_description():
    if CLI[0] == str(LAUNCHER):
        # Its flags are the launcher's to say (docs/cli.md lists them): not copied here, to drift.
        return ("`assets-cli/target/assets`, the launcher (its JVM flags: docs/cli.md, \"Install and run\")"
                + (", with the class-data archives `assets.jsa` and `assets-PROVIDER.jsa` found beside it"
                   if (LAUNCHER.parent / "assets.jsa").exists() else ""))
    return f"`{' '.join(CLI[:-1])} assets.jar`"


def s3_figures(runs, big_runs, tree, big):
    if shutil.which("rclone") is None:
        notes.append("figure 6 skipped: rclone is not installed")
        return
    # A CA bundle from the environment makes rclone refuse its plain-HTTP transport; loopback needs none.
    for var in ("AWS_CA_BUNDLE",):
        if os.environ.pop(var, None) is not None:
            notes.append(f"{var} unset for figure 6 (plain HTTP on loopback)")
    proc, endpoint = start_s3proxy()
    try:
        s3 = {"ASSETS_STORAGE_PROVIDER": "s3", "ASSETS_STORAGE_BUCKET": "bench", "S3_ENDPOINT": endpoint,
              "AWS_ACCESS_KEY_ID": IDENTITY, "AWS_SECRET_ACCESS_KEY": CREDENTIAL, "AWS_REGION": "us-east-1",
              "S3_FORCE_PATH_STYLE": "true"}
        rc = {"RCLONE_CONFIG_S3P_TYPE": "s3", "RCLONE_CONFIG_S3P_PROVIDER": "Other",
              "RCLONE_CONFIG_S3P_ACCESS_KEY_ID": IDENTITY, "RCLONE_CONFIG_S3P_SECRET_ACCESS_KEY": CREDENTIAL,
              "RCLONE_CONFIG_S3P_ENDPOINT": endpoint, "RCLONE_CONFIG_S3P_REGION": "us-east-1",
              "RCLONE_CONFIG_S3P_FORCE_PATH_STYLE": "true"}
        rce = {**os.environ, **rc}
        subprocess.run(["rclone", "mkdir", "s3p:bench"], env=rce, check=True)
        assets, copy, sdk_copy = WORK / "assets-s3", WORK / "copy", WORK / "copy-sdkloop"
        aws = {"AWS_ACCESS_KEY_ID": IDENTITY, "AWS_SECRET_ACCESS_KEY": CREDENTIAL}
        sdk_loop = (JMH / "target" / "classpath.txt").is_file() and \
            (JMH / "target" / "classes" / (SDK_LOOP_MAIN.replace(".", "/") + ".class")).is_file()
        if not sdk_loop:
            notes.append(f"figure 6: no {SDK_LOOP} baseline, bench/jmh is not built (run bench/run.sh)")

        def sdk(*args):
            return ["java", *JAVA_OPTS, "-cp", jmh_classpath(), SDK_LOOP_MAIN, args[0], endpoint, "bench", *args[1:]]

        def purge(path):
            subprocess.run(["rclone", "purge", f"s3p:bench/{path}"], env=rce,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        for name, src, label, n in (("tree", tree, TREE_LABEL, runs), ("big", big, BIG_LABEL, big_runs)):
            log(f"figure 6: push of the {label}, S3 driver vs rclone" + (f" and a {SDK_LOOP}" if sdk_loop else ""))

            def clean_push():
                purge("modelkit-assets")
                purge("rclone")
                purge("sdkloop")
                drop_caches()

            target = f"rclone/{name}" + ("" if src.is_dir() else "")
            baselines = [lambda i: timed(["rclone", "copy", str(src), f"s3p:bench/{target}"], rc)]
            if sdk_loop:
                baselines.append(lambda i: timed(sdk("push", f"sdkloop/{name}", str(src)), aws))
            # The same push with the opt-in S3_UNSIGNED_PAYLOAD (bodies unsigned over plain http),
            # in the same rotation, so its gain is measured under the same conditions.
            baselines.append(lambda i: timed([*CLI, "new", str(src), name, "-y", "-q"],
                                             {**s3, "ASSETS_DIR": str(assets), "S3_UNSIGNED_PAYLOAD": "true"}))
            secs, rss = interleave_many(
                n, lambda i: timed([*CLI, "new", str(src), name, "-y", "-q"], {**s3, "ASSETS_DIR": str(assets)}),
                baselines, before=clean_push, warmup=True)
            record(6, f"push {label} (S3Proxy)", "rclone copy", secs[0], secs[1], "<= 1.0")
            if sdk_loop:
                record(6, f"push {label} (S3Proxy)", SDK_LOOP, secs[0], secs[2], "<= 1.0")
            record(6, f"push {label} (S3Proxy), `S3_UNSIGNED_PAYLOAD=true`", "rclone copy", secs[-1], secs[1],
                   "<= 1.0")
            rss_rows.append((f"push {label} (S3Proxy)", max(rss[0])))
            if sdk_loop:
                rss_rows.append((f"push {label} (S3Proxy), {SDK_LOOP} (baseline, same memory flags)", max(rss[2])))
            # Figure 7's reason for the launcher flags: the same push with a bare `java -jar`.
            clean_push()
            _, plain = timed([*PLAIN_CLI, "new", str(src), name, "-y", "-q"], {**s3, "ASSETS_DIR": str(assets)})
            rss_rows.append((f"push {label} (S3Proxy), bare `java -jar` (no launcher flags)", plain))
            # Leave one pushed copy of each for the pulls.
            purge("modelkit-assets")
            purge("rclone")
            subprocess.run([*CLI, "new", str(src), name, "-y", "-q"], env={**os.environ, **s3, "ASSETS_DIR": str(assets)},
                           check=True, stdout=subprocess.DEVNULL)

            log(f"figure 6: pull of the {label}, S3 driver vs rclone" + (f" and a {SDK_LOOP}" if sdk_loop else ""))

            def clean_pull():
                rm(assets)
                rm(copy)
                rm(sdk_copy)
                drop_caches()

            # Both baselines read the objects the CLI pushed; what each wrote is counted after its
            # run (outside the timing, before the next run's clean) to check they agree.
            pulled = {}

            def counted(key, path, result):
                pulled.setdefault(key, set()).add(files_and_bytes(path))
                return result

            baselines = [lambda i: counted("rclone", copy, timed(
                ["rclone", "copy", f"s3p:bench/modelkit-assets/{name}/0.0" + ("" if src.is_dir() else ""),
                 str(copy)], rc))]
            if sdk_loop:
                baselines.append(lambda i: counted(SDK_LOOP, sdk_copy, timed(
                    sdk("pull", f"modelkit-assets/{name}/0.0", str(sdk_copy)), aws)))
            secs, rss = interleave_many(
                n, lambda i: timed([*CLI, "fetch", f"{name}:0.0", "-q"], {**s3, "ASSETS_DIR": str(assets)}),
                baselines, before=clean_pull, warmup=True)
            record(6, f"pull {label} (S3Proxy)", "rclone copy", secs[0], secs[1], "<= 1.0")
            if sdk_loop:
                record(6, f"pull {label} (S3Proxy)", SDK_LOOP, secs[0], secs[2], "<= 1.0")
            rss_rows.append((f"pull {label} (S3Proxy)", max(rss[0])))
            if sdk_loop:
                rss_rows.append((f"pull {label} (S3Proxy), {SDK_LOOP} (baseline, same memory flags)", max(rss[2])))
                if len(pulled[SDK_LOOP]) != 1 or pulled[SDK_LOOP] != pulled["rclone"]:
                    notes.append(f"figure 6: pulling the {label}, the {SDK_LOOP} wrote (files, bytes) "
                                 f"{sorted(pulled[SDK_LOOP])}, rclone {sorted(pulled['rclone'])}: its pull rows "
                                 "are suspect")
            clean_pull()
            purge("modelkit-assets")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(30)


def fmt(values):
    return f"{statistics.median(values):.3f} / {min(values):.3f} / {max(values):.3f}"


def cpu_model():
    """The processor as /proc/cpuinfo names it, with its clock: sessions land on different hosts."""
    try:
        info = Path("/proc/cpuinfo").read_text().splitlines()
    except OSError:
        return "unknown"
    field = lambda name: next((l.split(":", 1)[1].strip() for l in info if l.startswith(name)), "?")
    return f"{field('model name')} at {field('cpu MHz')} MHz"


def write_results(path, quick, started, jmh, counts, params):
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.strip()
    lines = [
        "# assetkit benchmark results", "",
        f"Generated by `bench/run.sh{' --quick' if quick else ''}` on {started:%Y-%m-%d %H:%M} UTC, "
        f"took {(datetime.datetime.utcnow() - started).seconds // 60} min.", "",
        f"- machine: `nproc` = {os.cpu_count()} ({cpu_model()}), "
        f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / (1 << 30):.0f} GiB RAM, shared (absolute times are noisy: read the ratios)",
        "- java -version:", "", "```", java, "```", "",
        f"- data: {params}", f"- CLI started as: {cli_description()}",
        f"- figure 6's {SDK_LOOP} started as: `java {' '.join(JAVA_OPTS)} -cp bench/jmh/target/classes:<its "
        f"dependencies> {SDK_LOOP_MAIN} push|pull ...` (AWS SDK v2, Apache 5 client, one PUT or GET at a time)", "",
        "## Figure 1: cached pinned fetch in-process (JMH, throughput)", "",
        "| benchmark | ops/s (mean ± 99.9% error) | ratio vs `Files.exists` | target |", "|---|---|---|---|"]
    base = jmh.get("baselineFilesExists", (float("nan"), ""))[0]
    for name in ("fetchCachedPinned", "fetchCachedPinnedOnDisk", "baselineFilesExists"):
        if name in jmh:
            score, err = jmh[name]
            target = ">= 1,000,000/s" if name == "fetchCachedPinned" else "—"
            err = f"{float(err):,.0f}" if err not in ("", "NaN") else "n/a"
            lines.append(f"| `{name}` | {score:,.0f} ± {err} | x{score / base:.2f} | {target} |")
    lines += ["", "## Figures 2–6: time of a process, interleaved with its baseline", "",
              "Seconds: median / min / max over the runs; ratio = median(figure) / median(baseline). "
              f"Figure 6 has two baselines timed in the same interleaved loop (figure, rclone, {SDK_LOOP}, "
              f"order rotating per run): its `{SDK_LOOP}` rows repeat the figure's samples against a plain "
              "one-request-at-a-time AWS SDK v2 program, with the same target (at least as fast). Its pushes "
              "also time, in the same rotation, the CLI with the opt-in `S3_UNSIGNED_PAYLOAD=true` (request "
              "bodies unsigned over plain http, as the SDK does over https). Figure 5's target allows "
              "the hashing on top of the copy, so it has a second baseline in the same rotation: the copy, "
              "then `openssl dgst -sha256` of every source file (openssl's SHA-256 is the fastest at hand). "
              "Figures 3 and 5's tree rows have a floor in the same rotation: `TreeCopyFloor` (bench/jmh), "
              f"a bare JVM program that copies the listed files with {FLOOR_THREADS} threads, reading, "
              "hashing (or not) and writing each, with the launcher's JVM flags and nothing of assetkit's; "
              "its rows (target `info`) say what the CLI adds to the JVM's own cost, and whether a JVM "
              "can meet the target on this host at all.", "",
              "| # | figure | runs | figure s (med / min / max) | baseline | baseline s (med / min / max) "
              "| ratio | target | met |", "|---|---|---|---|---|---|---|---|---|"]
    for fig_no, case, bname, fig, b, target in rows:
        ratio = statistics.median(fig) / statistics.median(b)
        met = "—" if target in ("—", "info") else "yes" if ratio <= float(target.split()[1]) else "**no**"
        lines.append(f"| {fig_no} | {case} | {len(fig)} | {fmt(fig)} | {bname} | {fmt(b)} | x{ratio:.2f} | "
                     f"{target} | {met} |")
    lines += ["", "## Figure 7: peak resident memory of the CLI (max over the runs, /usr/bin/time -v)", "",
              "| case | peak RSS MiB |", "|---|---|"]
    for case, mib in rss_rows:
        lines.append(f"| {case} | {mib:.0f} |")
    lines += ["", "## Figure 8: requests that reach the store per fetch (CountingStorageDriver)", "",
              "| fetch | expected | counted |", "|---|---|---|"]
    for case, expected, counted in counts:
        lines.append(f"| {case} | {expected} | {counted} |")
    if notes:
        lines += ["", "## Notes from this run", ""] + [f"- {n}" for n in notes]
    analysis = BENCH / "analysis.md"
    if analysis.is_file():
        lines += ["", analysis.read_text().rstrip()]
    path.write_text("\n".join(lines) + "\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", default="1,2,3,6,8", help="figure groups: 1, 2, 3 (3,4,5,7), 6, 8")
    parser.add_argument("--runs", type=int, help="runs per figure (default 5, quick 3)")
    parser.add_argument("--out", default=str(BENCH / "results.md"))
    a = parser.parse_args()
    started = datetime.datetime.utcnow()
    WORK.mkdir(parents=True, exist_ok=True)
    only = set(a.only.split(","))
    if a.quick:
        files, big_size, big4_size, runs, big_runs = 2000, 128 * MIB, 512 * MIB, 3, 1
    else:
        files, big_size, big4_size, runs, big_runs = 10000, 1024 * MIB, 4096 * MIB, 5, 3
    global TREE_LABEL, BIG_LABEL
    TREE_LABEL = f"{files // 1000}k x 4 KiB tree"
    BIG_LABEL = f"{big_size // MIB} MiB file" if big_size < 1024 * MIB else f"{big_size // (1024 * MIB)} GiB file"
    if a.runs:
        runs = a.runs
    data = WORK / "data"
    tree, big, big4 = data / f"tree-{files}", data / f"big-{big_size // MIB}m.bin", data / f"big-{big4_size // MIB}m.bin"
    log("generating data under bench/work/data")
    make_tree(tree, files)
    make_file(big, big_size)
    if "3" in only:
        make_file(big4, big4_size)
    params = (f"{files} x 4 KiB files in 100 folders; {big_size // MIB} MiB and {big4_size // MIB} MiB random files; "
              f"{runs} runs per figure and baseline ({min(runs, 3)} for the tree and {big_runs} for the big file over S3, "
              "after one untimed warm-up run of the CLI)")
    jmh = figure1(a.quick) if "1" in only else {}
    counts = figure8() if "8" in only else []
    if "2" in only:
        figure2(runs)
    if "3" in only:
        local_figures(runs, tree, big, big4)
    if "6" in only:
        # 3 runs for the 10k-object figures: each costs 5-15 s against S3Proxy on 2 cores.
        s3_figures(min(runs, 3), big_runs, tree, big)
    write_results(Path(a.out), a.quick, started, jmh, counts, params)
    log(f"wrote {a.out}")


if __name__ == "__main__":
    main()
