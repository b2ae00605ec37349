#!/usr/bin/env python3
"""Writes the straight-line workload: a mabs script of exactly STATEMENTS
statements, no loops or variables, over SERVICES services.

    straight.py STATEMENTS SERVICES > straight.mabs

It holds names for 0s, creates the services (Basic, Standard and Premium in
turn: Developer can neither scale nor back up), then goes round them, each
turn on a service running the cycle below: stop, start, suspend, resume,
scale, update, contents (add, remove), backup, restore (to a twin name, then
deleted) and assertions. Each statement is allowed by the seed table in the
state the one before leaves, a restore finds its backup and a free name,
and one agreement (two bridges) is far within every edition's quota, so
any prefix of the script runs to success (exit 0). Backups stay: one per
turn, as a real history would keep them.
"""
import sys

EDITIONS = ("basic", "standard", "premium")


def turn(service, round_):
    units = 1 + round_ % 4
    twin = f"{service}-dr"
    backup = f"{service}-r{round_}"
    agreement = f"ag-{round_}"
    return (
        f"stop {service}",
        f"assert {service} is Stopped",
        f"start {service}",
        f"suspend {service}",
        f"resume {service}",
        f"scale {service} to {units}",
        f'update {service} set acs-namespace = "ns-{service}-{round_}"',
        f"add agreement {agreement} to {service}",
        f"backup {service} as {backup}",
        f"remove agreement {agreement} from {service}",
        f"restore {backup} to {twin}",
        f"assert {twin} is Suspended",
        f"delete {twin}",
        f"assert units({service}) == {units}",
    )


def statements(count, services):
    names = [f"svc-{i:05d}" for i in range(1, services + 1)]
    yield "hold names for 0s"
    for i, name in enumerate(names):
        yield f"create {name} edition {EDITIONS[i % len(EDITIONS)]}"
    round_ = 1
    while True:
        for name in names:
            yield from turn(name, round_)
        round_ += 1


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: straight.py STATEMENTS SERVICES")
    count, services = int(sys.argv[1]), int(sys.argv[2])
    if count < services + 1:
        sys.exit("straight.py: STATEMENTS must be more than SERVICES")
    out = sys.stdout
    for n, line in enumerate(statements(count, services)):
        if n == count:
            break
        out.write(line)
        out.write("\n")


if __name__ == "__main__":
    main()
