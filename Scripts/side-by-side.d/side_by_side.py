#!/usr/bin/env python3
"""Scripts/side-by-side's driver: runs two mabs binaries over the same
scripts and compares what each run gives, byte for byte.

    side_by_side.py --root REPO OLD NEW [--generated N] [--seed S] [--timeout SECONDS]

The scripts: every Tests/ScriptTests/Golden/**/*.mabs and Examples/**/*.mabs,
and N scripts from generate.py (seed S). Each runs with each binary as
`mabs run FLAGS SCRIPT` in the script's own folder, for each set of FLAGS
below, standard input empty; a golden script runs as its test runs it
(Script.golden). The two runs' standard output, standard error and exit
status are compared. Nothing runs in the repository: its two
folders are copied into a temporary folder, and each run gets a fresh copy
(a script that saves, graphs to a file or opens what another saved finds
what it would find alone), at the same path for both binaries (so a path a
message names is the same). Both get the same environment: HOME a folder
of their own, NO_COLOR set. Two worker processes share the scripts; one
script's runs are all in one worker, one after another (a golden script
saves to a fixed path in /tmp).

Prints each differing run (the script, the flags, and for each stream that
differs the first line that does, from each binary), then
`runs=N differences=D`, where a run is one script with one set of flags.
Exits 0 when nothing differs, 1 when something does (the temporary folder
is then kept, with the generated scripts), 2 on a usage error.
"""
import argparse
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.dont_write_bytecode = True  # nothing written beside the scripts
sys.path.insert(0, str(HERE))
import generate  # noqa: E402

FLAG_SETS = ((), ("--trace",), ("--keep-going",), ("--format", "tap"))
GOLDEN, EXAMPLES = "Tests/ScriptTests/Golden", "Examples"  # in the repository
GENERATED = "generated"
JOBS = 2
SHOWN = 200  # characters of a differing line shown


@dataclass(frozen=True)
class Script:
    tree: str  # the folder copied fresh for each run, relative to the work folder
    folder: str  # where it runs, relative to the work folder
    command: tuple  # mabs's arguments, "FLAGS" where the flags go
    label: str  # what the report calls it
    flag_sets: tuple = FLAG_SETS
    stdin: str | None = None  # a file fed to standard input, relative to the work folder

    @staticmethod
    def golden(tree: str, relative: str, text: str, stdin: str | None) -> "Script":
        """A golden script, run as GoldenScriptTests runs it: from the
        golden folder, with the arguments its `# mabs:` first line gives
        (SCRIPT its path, or the path appended), and its NAME.stdin; the
        flags go after `run` (another command runs once, as written)."""
        first = text.split("\n", 1)[0]
        words = first[len("# mabs:"):].split() if first.startswith("# mabs:") else ["run"]
        words = [relative if w == "SCRIPT" else w for w in words] + ([] if "SCRIPT" in words else [relative])
        label = f"{tree}/{relative}"
        if words[0] != "run":
            return Script(tree, tree, tuple(words), label, ((),), stdin)
        return Script(tree, tree, ("run", "FLAGS", *words[1:]), label, FLAG_SETS, stdin)

    @staticmethod
    def alone(tree: str, relative: str, label: str) -> "Script":
        """Any other script: `mabs run FLAGS NAME` in its own folder."""
        path = Path(tree) / relative
        return Script(tree, str(path.parent), ("run", "FLAGS", path.name), label)


@dataclass
class Outcome:
    stdout: bytes
    stderr: bytes
    status: str  # the exit status, "signal N", or "timed out"


# Set in each worker by start().
work: Path
old_binary: str
new_binary: str
timeout: float
child: subprocess.Popen | None = None  # the mabs running now


def start(work_: Path, old: str, new: str, timeout_: float) -> None:
    global work, old_binary, new_binary, timeout
    work, old_binary, new_binary, timeout = work_, old, new, timeout_
    # Ctrl-C reaches the worker's mabs (same process group) and the parent,
    # which stops the pool: a worker stopped takes its mabs with it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, stop)


def stop(*_) -> None:
    if child is not None:
        child.kill()
    os._exit(1)


def link(source: str, target: str) -> None:
    """A fresh copy's file, as a hard link: mabs writes every file it
    writes whole, to a temporary file renamed over the old one
    (Sources/MabsHost/AtomicFile.swift), so it never writes through a
    link into the pristine copy; and a link costs no copying (a copy of
    the golden folder per run took most of the time)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def run(binary: str, script: Script, flags: tuple, slot: Path) -> Outcome:
    """One run in a fresh copy of the script's folder, at `slot`."""
    if slot.exists():
        shutil.rmtree(slot)
    shutil.copytree(work / "pristine" / script.tree, slot / script.tree, symlinks=True, copy_function=link)
    home = slot / "home"
    home.mkdir()
    environment = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "NO_COLOR": "1",
                   "LANG": "C.UTF-8", "TMPDIR": str(home)}
    arguments = [word for part in script.command for word in (flags if part == "FLAGS" else (part,))]
    global child
    with open(slot / script.stdin if script.stdin else os.devnull, "rb") as stdin:
        child = subprocess.Popen([binary, *arguments], cwd=slot / script.folder, env=environment,
                                 stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        stdout, stderr = child.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        stdout, stderr = child.communicate()
        return Outcome(stdout, stderr, "timed out")
    finally:
        code, child = child.returncode, None
    return Outcome(stdout, stderr, f"signal {-code}" if code < 0 else str(code))


def lines(output: bytes) -> list[bytes]:
    """The lines of an output, each with its newline (so that a missing
    last newline shows); none when it is empty."""
    parts = [part + b"\n" for part in output.split(b"\n")]
    parts[-1] = parts[-1][:-1]
    return parts if parts[-1] else parts[:-1]


def first_difference(old: bytes, new: bytes) -> str:
    """Where two outputs part: the first line that differs, from each."""
    old_lines, new_lines = lines(old), lines(new)
    for number, (a, b) in enumerate(zip(old_lines, new_lines), start=1):
        if a != b:
            break
    else:
        number = min(len(old_lines), len(new_lines)) + 1

    def line(of):
        if number > len(of):
            return "(ends before it)" if of else "(empty)"
        text = of[number - 1].decode("utf-8", "backslashreplace")
        return repr(text[:SHOWN] + ("..." if len(text) > SHOWN else ""))

    return f"line {number}\n      old: {line(old_lines)}\n      new: {line(new_lines)}"


def compare(script: Script) -> list[tuple[str, str | None, bool]]:
    """Runs one script with every set of flags and both binaries: for
    each set, (flags, what differs or None, whether both timed out)."""
    slot = work / f"slot-{os.getpid()}"
    results = []
    for flags in script.flag_sets:
        old, new = run(old_binary, script, flags, slot), run(new_binary, script, flags, slot)
        both_timed_out = old.status == new.status == "timed out"
        differences = []
        if old.status != new.status:
            differences.append(f"    status: old {old.status}, new {new.status}")
        if not both_timed_out:  # what a killed run had written depends on when
            for stream in ("stdout", "stderr"):
                a, b = getattr(old, stream), getattr(new, stream)
                if a != b:
                    differences.append(f"    {stream}: {first_difference(a, b)}")
        results.append((" ".join(flags) or "(no flags)", "\n".join(differences) or None, both_timed_out))
    shutil.rmtree(slot, ignore_errors=True)
    return results


def executable(text: str) -> str:
    path = Path(text).resolve()
    if not path.is_file() or not os.access(path, os.X_OK):
        raise argparse.ArgumentTypeError(f"'{text}' is not an executable file")
    return str(path)


def whole(least: int):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a whole number")
        if value < least:
            raise argparse.ArgumentTypeError(f"{value} is less than {least}")
        return value
    return parse


def main() -> int:
    parser = argparse.ArgumentParser(prog="Scripts/side-by-side",
                                     description="Runs two mabs binaries side by side and compares their output byte for byte.")
    parser.add_argument("--root", type=Path, required=True, help=argparse.SUPPRESS)
    parser.add_argument("old", type=executable, metavar="OLD_MABS")
    parser.add_argument("new", type=executable, metavar="NEW_MABS")
    parser.add_argument("--generated", type=whole(0), default=2000, metavar="N",
                        help="how many generated scripts (default 2000)")
    parser.add_argument("--seed", type=whole(0), default=1, metavar="S", help="the generator's seed (default 1)")
    parser.add_argument("--timeout", type=whole(1), default=30, metavar="SECONDS",
                        help="how long one run may take (default 30)")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # stopped as by Ctrl-C: the pool, then the folder

    work_folder = Path(tempfile.mkdtemp(prefix="mabs-side-by-side."))
    pristine = work_folder / "pristine"
    scripts = []
    shutil.copytree(args.root / GOLDEN, pristine / GOLDEN, symlinks=True)
    for path in sorted((pristine / GOLDEN).rglob("*.mabs")):
        relative = str(path.relative_to(pristine / GOLDEN))
        if "/lib/" in f"/{relative}":
            continue  # what golden scripts load, not golden scripts
        stdin = path.with_suffix(".stdin")
        scripts.append(Script.golden(GOLDEN, relative, path.read_text(errors="replace"),
                                     str(stdin.relative_to(pristine)) if stdin.exists() else None))
    shutil.copytree(args.root / EXAMPLES, pristine / EXAMPLES, symlinks=True)
    scripts += [Script.alone(EXAMPLES, str(path.relative_to(pristine / EXAMPLES)), str(path.relative_to(pristine)))
                for path in sorted((pristine / EXAMPLES).rglob("*.mabs"))]
    for index in range(args.generated):  # each in a folder of its own
        name = generate.file_name(index)
        folder = f"{GENERATED}/{Path(name).stem}"
        (pristine / folder).mkdir(parents=True)
        (pristine / folder / name).write_text(generate.script(args.seed, index))
        scripts.append(Script.alone(folder, name, f"generated {name} (seed {args.seed})"))

    total = sum(len(script.flag_sets) for script in scripts)
    print(f"side-by-side: {len(scripts):,} scripts ({args.generated:,} generated, seed {args.seed}), "
          f"{total:,} runs of each binary; in {work_folder}",
          file=sys.stderr, flush=True)
    runs = differences = timed_out = 0
    pool = multiprocessing.Pool(JOBS, initializer=start, initargs=(work_folder, args.old, args.new, args.timeout))
    try:
        for script, results in zip(scripts, pool.imap(compare, scripts)):
            for flags, difference, both_timed_out in results:
                runs += 1
                timed_out += both_timed_out
                if difference:
                    differences += 1
                    print(f"DIFFERENT {script.label} [{flags}]\n{difference}", flush=True)
            if runs % 500 < len(results):
                print(f"side-by-side: {runs:,} of {total:,} runs, {differences:,} differing", file=sys.stderr, flush=True)
        pool.close()
    except KeyboardInterrupt:
        pool.terminate()
        pool.join()
        shutil.rmtree(work_folder, ignore_errors=True)
        print(f"side-by-side: interrupted after {runs:,} runs", file=sys.stderr)
        return 130
    pool.join()
    if timed_out:
        print(f"both timed out ({args.timeout} s) in {timed_out:,} runs: their statuses compared, not their output")
    if differences:
        print(f"side-by-side: kept {work_folder} (the generated scripts are in {pristine / GENERATED})", file=sys.stderr)
    else:
        shutil.rmtree(work_folder, ignore_errors=True)
    print(f"runs={runs} differences={differences}")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
