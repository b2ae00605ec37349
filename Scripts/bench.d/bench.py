#!/usr/bin/env python3
"""Scripts/bench's driver: generates the workloads into WORK, runs mabs and
the baselines on them, and prints the machine and a Markdown table of
figures, baselines, ratios, targets and verdicts.

    bench.py --work DIR --mabs BIN --mabs-bench BIN --floor BIN
             --lua LUA --python PY --command TEXT [--quick]

Scripts/bench builds the binaries and the Python environment first. Each
program runs as a child process, its wall time taken around it, and its
CPU time (user + system) and peak resident memory (ru_maxrss) from wait4;
a watchdog stops it past TIME_LIMIT or RSS_LIMIT, and the figure then says
so. Every program measured is single-threaded, and the machine may be
shared, so speeds are judged on CPU time, which other work on the machine
inflates far less than wall time; the runaway target is wall time by its
words, and startup is the median of many wall times. A workload
that does not end as it should (status, summary line) is a problem: the
table still prints, and the exit status is 1. Missed targets are not
problems; they are what the table is for.
"""
import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent

FULL = dict(
    straight=(250_000, 500_000, 1_000_000), straight_services=1_000,
    loop_operations=10_000_000, loop_services=100,
    runaway_steps=None,  # mabs's own default guard, 100,000,000 steps
    startup_runs=200, completion_services=100_000, completion_repetitions=11,
    growth_creates=(3_000, 30_000), growth_toggles=(5_000, 135_000), growth_fleet=100_000,
    growth_scheduled=(10_000, 100_000), growth_waiting=(10_000, 100_000), growth_memory=(2_000, 8_000),
)
QUICK = dict(
    straight=(2_500, 5_000, 10_000), straight_services=100,
    loop_operations=100_000, loop_services=100,
    runaway_steps=1_000_000,
    startup_runs=20, completion_services=1_000, completion_repetitions=5,
    growth_creates=(300, 3_000), growth_toggles=(100, 600), growth_fleet=1_000,
    growth_scheduled=(1_000, 10_000), growth_waiting=(1_000, 10_000), growth_memory=(200, 800),
)
DEFAULT_STEP_LIMIT = 100_000_000
TIME_LIMIT = 600  # seconds, for any one process
RSS_LIMIT = 8_000_000_000  # bytes, for any one process
MB = 1_000_000

problems: list[str] = []


@dataclass
class Run:
    wall: float
    cpu: float
    peak_bytes: int
    status: int
    stdout: str
    stderr: str
    stopped: str | None = None  # why the watchdog stopped it

    @property
    def summary(self) -> str:
        lines = self.stdout.strip().splitlines()
        return lines[-1] if lines else ""


def measure(argv, work: Path, label: str, keep_stderr=False) -> Run:
    """Runs argv to the end (or a limit): times, peak RSS, status, output.
    Standard error (a restore's warnings, for one) goes to /dev/null for
    every program alike, unless it is kept to be checked."""
    out_path, err_path = work / f"{label}.stdout", Path(os.devnull)
    if keep_stderr:
        err_path = work / f"{label}.stderr"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        done = threading.Event()
        stopped = []

        def watch():
            status_file = f"/proc/{process.pid}/status"
            while not done.wait(0.1):
                try:
                    with open(status_file) as f:
                        rss = next((int(l.split()[1]) * 1024 for l in f if l.startswith("VmRSS:")), 0)
                except OSError:
                    return
                elapsed = time.perf_counter() - start
                if rss > RSS_LIMIT or elapsed > TIME_LIMIT:
                    stopped.append(f"stopped at {rss / MB:,.0f} MB after {elapsed:,.0f} s")
                    process.kill()
                    return

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        _, wait_status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        done.set()
        process.returncode = os.waitstatus_to_exitcode(wait_status)
        watcher.join()
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, process.returncode,
               out_path.read_text(errors="replace"), err_path.read_text(errors="replace")[-2000:] if keep_stderr else "",
               stopped[0] if stopped else None)


def expect(run: Run, what: str, status: int = 0, summary: str | None = None, stderr: str | None = None):
    """Records a problem when a workload did not end as it should."""
    if run.stopped:
        return  # a limit, shown in the table as a figure
    wrong = []
    if run.status != status:
        wrong.append(f"exit status {run.status}, not {status}")
    if summary is not None and run.summary != summary:
        wrong.append(f"last line {run.summary!r}, not {summary!r}")
    if stderr is not None and stderr not in run.stderr:
        wrong.append(f"standard error lacks {stderr!r}")
    if wrong:
        problems.append(f"{what}: " + "; ".join(wrong)
                        + (f"\n    stderr: {run.stderr.strip()[-600:]}" if run.stderr.strip() else ""))


def generate(script: str, arguments, path: Path) -> str:
    """Runs a generator into path; returns what it said on standard error."""
    with open(path, "w") as out:
        result = subprocess.run([sys.executable, str(HERE / script), *map(str, arguments)],
                                stdout=out, stderr=subprocess.PIPE, text=True, check=True)
    return result.stderr.strip()


def startup(mabs: str, floor: str, runs: int) -> dict[str, tuple[float, float]]:
    """Median wall and CPU times (seconds) of `mabs -e 'create contoso1'`
    and of the floor with the same arguments, run in turn."""
    argvs = {"mabs": [mabs, "-e", "create contoso1"], "floor": [floor, "-e", "create contoso1"]}
    devnull = os.open(os.devnull, os.O_RDWR)
    actions = [(os.POSIX_SPAWN_DUP2, devnull, fd) for fd in (0, 1, 2)]
    walls = {name: [] for name in argvs}
    cpus = {name: [] for name in argvs}
    for i in range(runs + 3):  # the first three of each warm the caches
        for name, argv in argvs.items():
            start = time.perf_counter()
            pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=actions)
            _, wait_status, usage = os.wait4(pid, 0)
            elapsed = time.perf_counter() - start
            if os.waitstatus_to_exitcode(wait_status) != 0:
                problems.append(f"startup: {' '.join(argv)} exited {os.waitstatus_to_exitcode(wait_status)}")
                return {name: (float("nan"), float("nan")) for name in argvs}
            if i >= 3:
                walls[name].append(elapsed)
                cpus[name].append(usage.ru_utime + usage.ru_stime)
    os.close(devnull)
    return {name: (statistics.median(walls[name]), statistics.median(cpus[name])) for name in argvs}


# Formatting.

def seconds(s: float) -> str:
    return f"{s:,.2f} s" if s >= 1 else f"{s * 1e3:,.1f} ms"


def cpu_wall(run: Run) -> str:
    return f"{seconds(run.cpu)} CPU, {seconds(run.wall)} wall"


def ms(s: float) -> str:
    return f"{s * 1e3:,.2f} ms"


def megabytes(b: int) -> str:
    return f"{b / MB:,.0f} MB"


def times(x: float) -> str:
    return f"{x:,.2f}×" if x < 10 else f"{x:,.0f}×"


def verdict(met: bool, off: str) -> str:
    return "met" if met else f"missed ({off})"


def figure(run: Run, value: str) -> str:
    return f"{run.stopped} (limit)" if run.stopped else value


def machine(command: str, lua: str, python: str) -> list[str]:
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())
    memory = next(int(l.split()[1]) * 1024 for l in open("/proc/meminfo") if l.startswith("MemTotal:"))
    os_name = next((l.split("=", 1)[1].strip().strip('"') for l in open("/etc/os-release") if l.startswith("PRETTY_NAME=")), "Linux")
    swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()
    swift = next((l for l in swift if "Swift version" in l), "unknown")
    lua_version = subprocess.run([lua, "-v"], capture_output=True, text=True).stdout.split("Copyright")[0].strip()
    py = subprocess.run([python, "-c", "import sys, transitions; print(sys.version.split()[0], transitions.__version__)"],
                        capture_output=True, text=True).stdout.split()
    load = os.getloadavg()
    return [
        f"- Machine: {cpu}, {os.cpu_count()} cores, {memory / 2**30:.0f} GiB memory; {os_name}, Linux {platform.release()}",
        f"- Load average when it started: {load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f} (the machine may be shared)",
        f"- {swift}; {lua_version}; Python {py[0] if py else '?'} with transitions {py[1] if len(py) > 1 else '?'}",
        f"- Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        f"- Command: `{command}`",
    ]


def growth(mabs: str, work: Path, sizes: dict, say) -> list[tuple]:
    """The workloads that were quadratic (issue 16, "Work grows linearly"),
    each at two sizes: --workspace saves, scheduled backups and their
    purge, and the memory backups take. Returns the table's rows."""
    rows = []
    ok = "1 passed, 0 failed"

    def script(kind: str, n: int, *extra: str) -> Path:
        path = work / f"growth-{kind}-{n}{'-' + '-'.join(extra) if extra else ''}.mabs"
        generate("growth.py", [kind, n, *extra], path)
        return path

    def per_item(label: str, runs: dict[int, Run], unit: str, cost) -> None:
        """Rows of the cost per item at each size; the larger size judged
        against the smaller (linear work costs the same per item)."""
        small, large = sorted(runs)
        base = cost(small) / small
        for n in (small, large):
            each = cost(n) / n
            judged = n == large
            rows.append((f"{label}: CPU per {unit} at {n:,}", figure(runs[n], f"{each * 1e6:,.2f} µs"),
                         "" if not judged else f"{base * 1e6:,.2f} µs at {small:,}",
                         "" if not judged else times(each / base),
                         f"within 2× of {small:,}" if judged else "",
                         verdict(each <= 2 * base, f"{times(each / base)}") if judged else ""))

    # --workspace: N top-level statements, each saved.
    creates = {}
    for n in sizes["growth_creates"]:
        path, workspace = script("creates", n), work / f"creates-{n}.mabsw"
        say(f"--workspace, {n:,} create lines: mabs")
        creates[n] = measure([mabs, "run", "--workspace", str(workspace), str(path)], work, f"creates-{n}")
        expect(creates[n], f"mabs --workspace {path.name}", summary=ok)
    first = min(creates)
    rows.append((f"`--workspace`, {first:,} `create` lines (a save each): wall time",
                 figure(creates[first], f"{seconds(creates[first].wall)} ({seconds(creates[first].cpu)} CPU)"),
                 "", "", "< 5 s", verdict(creates[first].wall < 5 and not creates[first].stopped,
                                          f"{times(creates[first].wall / 5)} the target")))
    per_item("`--workspace` create lines", creates, "statement", lambda n: creates[n].cpu)

    # --workspace: the cost of one statement on a workspace of one service
    # and of many: the difference of two runs of stop/start lines, each
    # from a copy of the workspace (both runs open it and compact it once).
    fleet = sizes["growth_fleet"]
    cost = {}
    for services, setup in ((1, ["-e", "create bench-svc"]), (fleet + 1, [str(script("fleet", fleet))])):
        pristine = work / f"workspace-{services}.mabsw"
        say(f"--workspace of {services:,} services: making it")
        made = measure([mabs, "run", "--workspace", str(pristine), *setup], work, f"workspace-{services}")
        expect(made, f"making the workspace of {services:,} services")
        runs = {}
        for n in sizes["growth_toggles"]:
            copy = work / f"workspace-{services}-{n}.mabsw"
            copy.write_bytes(pristine.read_bytes())
            say(f"--workspace of {services:,} services, {n:,} statements: mabs")
            runs[n] = measure([mabs, "run", "--workspace", str(copy), str(script("toggles", n))], work, f"toggles-{services}-{n}")
            expect(runs[n], f"toggles on the workspace of {services:,} services", summary=ok)
        (n1, r1), (n2, r2) = sorted(runs.items())
        cost[services] = ((r2.cpu - r1.cpu) / (n2 - n1), (r2.wall - r1.wall) / (n2 - n1), r2)
    (one, (one_cpu, one_wall, _)), (many, (many_cpu, many_wall, many_run)) = sorted(cost.items())
    rows.append((f"`--workspace`: one statement on a workspace of 1 service", f"{one_cpu * 1e6:,.1f} µs CPU ({one_wall * 1e6:,.1f} µs wall)",
                 "", "", "", ""))
    rows.append((f"`--workspace`: one statement on a workspace of {many:,} services",
                 figure(many_run, f"{many_cpu * 1e6:,.1f} µs CPU ({many_wall * 1e6:,.1f} µs wall)"),
                 f"{one_cpu * 1e6:,.1f} µs with 1 service", times(many_cpu / one_cpu), "≤ 2× of 1 service",
                 verdict(many_cpu <= 2 * one_cpu, f"{times(many_cpu / one_cpu)}")))

    # Scheduled backups, every one kept: each used to look at every backup.
    scheduled = {}
    for n in sizes["growth_scheduled"]:
        say(f"{n:,} scheduled backups: mabs")
        scheduled[n] = measure([mabs, "run", str(script("scheduled", n))], work, f"scheduled-{n}")
        expect(scheduled[n], f"{n:,} scheduled backups", summary=ok)
    per_item("scheduled backups, all kept", scheduled, "backup", lambda n: scheduled[n].cpu)

    # `wait 100s` (100 scheduled backups and their purges) with many
    # backups present: the run with the wait less the run without.
    waiting = {}
    for n in sizes["growth_waiting"]:
        say(f"wait 100s with {n:,} backups: mabs")
        without = measure([mabs, "run", str(script("waiting", n))], work, f"waiting-{n}")
        expect(without, f"{n:,} backups without the wait", summary=ok)
        waiting[n] = measure([mabs, "run", str(script("waiting", n, "wait"))], work, f"waiting-{n}-wait")
        expect(waiting[n], f"{n:,} backups and the wait", summary=ok)
        rows.append((f"`wait 100s` (100 scheduled backups and purges) with {n:,} backups present: CPU",
                     figure(waiting[n], f"{seconds(max(0.0, waiting[n].cpu - without.cpu))}"),
                     f"the same run without the wait: {seconds(without.cpu)}", "", "", ""))

    # Memory: a backup after each new partner shares the unchanged items.
    memory = {}
    for n in sizes["growth_memory"]:
        say(f"{n:,} backups, a partner added after each: mabs")
        memory[n] = measure([mabs, "run", str(script("memory", n))], work, f"memory-{n}")
        expect(memory[n], f"{n:,} backups with a partner each", summary=ok)
        rows.append((f"{n:,} backups, a partner added after each: peak RSS", figure(memory[n], megabytes(memory[n].peak_bytes)),
                     "", "", "", ""))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for option in ("work", "mabs", "mabs-bench", "floor", "lua", "python", "command"):
        parser.add_argument("--" + option, required=True)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    sizes = QUICK if args.quick else FULL
    work = Path(args.work)
    header = machine(args.command, args.lua, args.python)
    rows = []  # figure, value, baseline, ratio, target, verdict

    def say(text):
        print(f"bench: {text}", file=sys.stderr, flush=True)

    # Straight-line, at three sizes; the largest also against the baselines.
    per_statement = {}
    largest = sizes["straight"][-1]
    for count in sizes["straight"]:
        path = work / f"straight-{count}.mabs"
        generate("straight.py", [count, sizes["straight_services"]], path)
        say(f"straight-line, {count:,} statements: mabs")
        run = measure([args.mabs, "run", str(path)], work, f"straight-{count}")
        expect(run, f"mabs run {path.name}")
        per_statement[count] = run
        if count == largest:
            straight, straight_path = run, path
    n = f"{largest:,} statements"

    say(f"straight-line, {n}: mabs check")
    check = measure([args.mabs, "check", str(straight_path)], work, "check")
    expect(check, f"mabs check {straight_path.name}")
    say(f"straight-line, {n}: Lua")
    lua = measure([args.lua, str(HERE / "baseline.lua"), str(straight_path)], work, "lua")
    expect(lua, "the Lua baseline", summary=straight.summary)
    say(f"straight-line, {n}: Python")
    python = measure([args.python, str(HERE / "baseline.py"), str(straight_path)], work, "python")
    expect(python, "the Python baseline", summary=straight.summary)

    # The targets of issue 17 ("A compiled core"), each judged on CPU time
    # but the runaway's (wall time, by its words) and startup's.
    source = straight_path.stat().st_size
    reading = source / MB / check.cpu
    rows.append((f"straight-line, {n}: `mabs check` alone, {source / MB:,.1f} MB of source: MB/s",
                 figure(check, f"{reading:,.0f} MB/s of CPU time ({cpu_wall(check)}, peak {megabytes(check.peak_bytes)})"), "", "",
                 "≥ 100 MB/s", verdict(reading >= 100 and not check.stopped, f"{times(100 / reading)} too slow")))
    share = straight.cpu / lua.cpu
    for limit, what in ((0.4, ""), (0.25, ", the stretch")):
        rows.append((f"straight-line, {n}: run, end to end (`mabs run`){what}", figure(straight, cpu_wall(straight)),
                     f"Lua {cpu_wall(lua)}", f"mabs ÷ Lua {share:,.2f} (CPU)", f"≤ {limit} of Lua's CPU",
                     verdict(share <= limit and not straight.stopped, f"{times(share / limit)} the target")))
    faster = python.cpu / straight.cpu
    rows.append((f"straight-line, {n}: run against Python", figure(straight, cpu_wall(straight)),
                 f"Python + transitions {cpu_wall(python)}", f"Python ÷ mabs {times(faster)} (CPU)",
                 "≥ 30× faster", verdict(faster >= 30 and not straight.stopped, f"{times(30 / faster)} too slow")))
    rows.append((f"straight-line, {n}: peak RSS (`mabs run`)", figure(straight, megabytes(straight.peak_bytes)),
                 f"Lua {megabytes(lua.peak_bytes)}, Python {megabytes(python.peak_bytes)}",
                 f"Lua ÷ mabs {times(lua.peak_bytes / straight.peak_bytes)}", "≤ 100 MB",
                 verdict(straight.peak_bytes <= 100 * MB and not straight.stopped,
                         f"{times(straight.peak_bytes / (100 * MB))} the target")))

    # Loops, at the full count and at a tenth of it: the memory of a loop
    # does not grow with the times it goes round.
    loops = {}
    for count in (sizes["loop_operations"], sizes["loop_operations"] // 10):
        path = work / f"loops-{count}.mabs"
        operations = int(generate("loops.py", [count, sizes["loop_services"]], path))
        say(f"loops, {operations:,} operations: mabs")
        loops[operations] = measure([args.mabs, "run", str(path)], work, f"loops-{count}")
        expect(loops[operations], f"mabs run {path.name}", summary="1 passed, 0 failed")
    (tenth, small), (operations, large) = sorted(loops.items())
    rate = operations / large.cpu
    rows.append((f"loops, {operations:,} operations on {sizes['loop_services']} services: operations/s",
                 figure(large, f"{rate:,.0f}/s CPU ({operations / large.wall:,.0f}/s wall)"), "", "", "≥ 10,000,000/s",
                 verdict(rate >= 10_000_000 and not large.stopped, f"{times(10_000_000 / rate)} too slow")))
    growth_bytes = large.peak_bytes - small.peak_bytes
    flat = growth_bytes <= max(small.peak_bytes * 0.10, 2 * MB)
    rows.append((f"loops: peak RSS at {operations:,} operations", figure(large, megabytes(large.peak_bytes)),
                 f"{megabytes(small.peak_bytes)} at {tenth:,}", f"{growth_bytes / MB:+,.1f} MB",
                 "flat: within 10% or 2 MB of the tenth",
                 "met (flat)" if flat and not (large.stopped or small.stopped)
                 else f"missed (grows {growth_bytes / MB:+,.1f} MB, {times(large.peak_bytes / small.peak_bytes)})"))

    # Runaway: the step guard ends it.
    steps = sizes["runaway_steps"] or DEFAULT_STEP_LIMIT
    say(f"runaway, {steps:,} steps: mabs")
    guard = ["--max-steps", str(steps)] if sizes["runaway_steps"] else []
    runaway = measure([args.mabs, "run", *guard, "-e", "create loop-123; while true { restart loop-123 }"], work, "runaway",
                      keep_stderr=True)
    expect(runaway, "the runaway loop", status=1, stderr=f"stopped after {steps} statements")
    rows.append((f"runaway loop to the {steps:,}-step guard: wall time", figure(runaway, f"{seconds(runaway.wall)} ({seconds(runaway.cpu)} CPU)"),
                 "", "", "< 8 s", verdict(runaway.wall < 8 and not runaway.stopped,
                                         f"{times(runaway.wall / 8)} the target")))
    rows.append(("runaway: peak RSS", figure(runaway, megabytes(runaway.peak_bytes)), "", "", "< 50 MB",
                 verdict(runaway.peak_bytes < 50 * MB and not runaway.stopped,
                         f"{times(runaway.peak_bytes / (50 * MB))} the target")))

    # Startup, beside the floor: a hello world that links swift-argument-parser.
    say(f"startup, {sizes['startup_runs']} runs each: mabs and the floor")
    started = startup(args.mabs, args.floor, sizes["startup_runs"])
    (mabs_wall, mabs_cpu), (floor_wall, floor_cpu) = started["mabs"], started["floor"]
    extra = mabs_wall - floor_wall
    rows.append((f"startup: `mabs -e 'create contoso1'`, median of {sizes['startup_runs']}",
                 f"{ms(mabs_wall)} wall ({ms(mabs_cpu)} CPU)", f"floor {ms(floor_wall)} wall ({ms(floor_cpu)} CPU)",
                 f"mabs − floor {extra * 1e3:+,.2f} ms", "within 1 ms of the floor (wall)",
                 verdict(extra <= 0.001, f"{extra * 1e3 - 1:,.2f} ms over")))

    # Completion, in process.
    count = sizes["completion_services"]
    say(f"completion, {count:,} services: mabs-bench")
    completion = measure([args.mabs_bench, "completion", str(count), str(sizes["completion_repetitions"])], work, "completion",
                         keep_stderr=True)
    expect(completion, "mabs-bench completion")
    found = dict(re.findall(r"^(\S+) (.+)$", completion.stdout, re.M))
    partial = found.get("completion-prefix", "?")
    for key, what in (("completion-prefix-ms", f"`{partial}` + Tab"), ("completion-all-ms", "`stop ` + Tab (every name)"),
                      ("completion-first-ms", f"`{partial}` + Tab, the first after a statement ran")):
        cpu, wall = (float(x) / 1e3 for x in (found.get(key, "nan nan").split() + ["nan"])[:2])
        rows.append((f"completion with {count:,} services: {what}, median of {sizes['completion_repetitions']}",
                     f"{ms(cpu)} CPU, {ms(wall)} wall", "", "", "≤ 5 ms",
                     verdict(cpu <= 0.005, f"{times(cpu / 0.005)} the target")))

    rows += growth(args.mabs, work, sizes, say)

    # Scaling: time per statement at each size.
    smallest = sizes["straight"][0]
    base = per_statement[smallest].cpu / smallest
    for count, run in per_statement.items():
        each = run.cpu / count
        judged = count == largest
        rows.append((f"scaling: CPU time per statement at {count:,}", figure(run, f"{each * 1e6:,.2f} µs"),
                     "" if count == smallest else f"{base * 1e6:,.2f} µs at {smallest:,}",
                     "" if count == smallest else f"{times(each / base)}",
                     f"within 10% of {smallest:,} (at most 1.1×)" if judged else "",
                     verdict(each <= base * 1.10 and not run.stopped, f"{(each / base - 1) * 100:+,.0f}%") if judged else ""))

    if args.quick:
        rows = [row[:5] + ("not judged (--quick)" if row[5] else "",) for row in rows]
    load = os.getloadavg()
    header.insert(2, f"- Load average when it ended: {load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f}")
    print("\n".join(header))
    print()
    print("| figure | value | baseline | ratio | target | verdict |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    if problems:
        print()
        for problem in problems:
            print(f"problem: {problem}")
        sys.exit(1)


if __name__ == "__main__":
    main()
