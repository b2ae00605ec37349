#!/usr/bin/env python3
"""Writes a run of Scripts/bench into docs/benchmarks.md: the run's lines
(read from standard input: the machine, load, versions, date, command, and
the table of figures) replace what stands between the page's two markers;
everything else on the page, written by hand, stays.

    write_docs.py PAGE < RESULTS

A run that lacks the machine, the date, the command or the table is
refused (exit 1), and the page is left as it was.
"""
import os
import sys

BEGIN = "<!-- bench:results begin: written by Scripts/bench --write-docs -->"
END = "<!-- bench:results end -->"
REQUIRED = ("- Machine: ", "- Date: ", "- Command: ", "| figure | value | baseline | ratio | target | verdict |")


def rewrite(page: str, results: str) -> str:
    missing = [line for line in REQUIRED if not any(l.startswith(line) for l in results.splitlines())]
    if missing:
        raise ValueError("the run has no " + ", ".join(repr(m.strip()) for m in missing))
    if page.count(BEGIN) != 1 or page.count(END) != 1 or page.index(BEGIN) > page.index(END):
        raise ValueError("the page needs each marker once, begin before end: " + BEGIN + " ... " + END)
    before, rest = page.split(BEGIN)
    _, after = rest.split(END)
    return before + BEGIN + "\n" + results.strip() + "\n" + END + after


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__.strip().splitlines()[3].strip())
    path = sys.argv[1]
    with open(path, encoding="utf-8") as file:
        page = file.read()
    try:
        text = rewrite(page, sys.stdin.read())
    except ValueError as error:
        sys.exit(f"bench: not written to {path}: {error}")
    with open(path + ".tmp", "w", encoding="utf-8") as file:
        file.write(text)
    os.replace(path + ".tmp", path)


if __name__ == "__main__":
    main()
