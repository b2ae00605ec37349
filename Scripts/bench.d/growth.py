#!/usr/bin/env python3
"""Writes the workloads that show work growing linearly with what a
workspace holds (see docs/benchmarks.md):

    growth.py creates N        N `create` lines, each a top-level statement
                               (run with --workspace: N saves)
    growth.py toggles N        N lines stopping and starting `bench-svc` in
                               turn (run with --workspace on a workspace of
                               one service, or of many)
    growth.py fleet N          one statement creating `bench-svc` and N
                               more services (makes the large workspace)
    growth.py scheduled N      N scheduled backups of one service, every
                               backup kept, in waits of 1,000 backups
    growth.py waiting N [wait] N backups of one service, a schedule of one
                               a second, and, with `wait`, `wait 100s`
    growth.py memory N         N backups of one service, each followed by
                               one more partner in its portal

Each script ends with an `assert` that it did its work, so it prints
`1 passed, 0 failed`.
"""
import sys


def main():
    kind, n = sys.argv[1], int(sys.argv[2])
    out = sys.stdout
    if kind == "creates":
        for i in range(1, n + 1):
            out.write(f"create grow-{i:07}\n")
        out.write(f"assert exists(grow-{n:07})\n")
    elif kind == "toggles":
        for i in range(n):
            out.write("stop bench-svc\n" if i % 2 == 0 else "start bench-svc\n")
        out.write(f"assert bench-svc is {'stopped' if n % 2 else 'active'}\n")
    elif kind == "fleet":
        out.write(f'create bench-svc; for i in 1..{n} {{ create "fleet-${{i}}" }}\n')
    elif kind == "scheduled":
        assert n % 1000 == 0, "whole waits of 1,000 backups"
        out.write("create contoso\n")
        out.write("schedule backups of contoso every 1m retain 1000000h\n")
        out.write(f"repeat {n // 1000} {{ wait 1000m }}\n")
        out.write(f"assert len(backups(contoso)) == {n}\n")
    elif kind == "waiting":
        wait = len(sys.argv) > 3 and sys.argv[3] == "wait"
        out.write("create contoso\n")
        out.write(f'for i in 1..{n} {{ backup contoso as "bk-${{i}}" }}\n')
        out.write("schedule backups of contoso every 1s retain 1000h\n")
        if wait:
            out.write("wait 100s\n")
        out.write(f"assert len(backups(contoso)) == {n + (100 if wait else 0)}\n")
    elif kind == "memory":
        # The 130-byte script.
        out.write("create contoso\n")
        out.write(f'for i in 1..{n} {{ backup contoso as "bk-${{i}}"; add partner "p-${{i}}" to contoso }}\n')
        out.write(f"assert len(contents(contoso, partner)) == {n}\n")
    else:
        sys.exit(f"growth.py: unknown workload '{kind}'")


if __name__ == "__main__":
    main()
