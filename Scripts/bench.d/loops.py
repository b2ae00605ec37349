#!/usr/bin/env python3
"""Writes the loop workload: a short mabs script whose `repeat`, `for` and
`while` loops and procedure calls run at least OPERATIONS lifecycle
operations on SERVICES services.

    loops.py OPERATIONS SERVICES > loops.mabs

The last line of standard error is the exact number of operations the
script runs (each one logged, none refused), which Scripts/bench divides by
the run's time. Every operation is allowed where it runs, so the script
exits 0.
"""
import sys

SCRIPT = """\
# {operations} lifecycle operations on {services} services, in loops and procedures.
def cycle(s) {{
  stop $s
  start $s
  suspend $s
  resume $s
}}
def bounce(s, n) {{
  repeat $n {{ restart $s }}
}}
let names = []
for i in 1..{services} {{
  let names = $names + ["loop-svc-${{i}}"]
}}
for s in $names {{ create $s }}
repeat {rounds} {{
  for s in $names {{ cycle($s) }}
  let k = 0
  while $k < {services} {{
    let k = $k + 1
    scale "loop-svc-${{k}}" to 2
  }}
  bounce("loop-svc-1", {services})
}}
assert loop-svc-{services} is Active
"""

# Per round: four operations per service in cycle(), one scale per
# service in the while loop, and as many restarts in bounce().
PER_SERVICE_PER_ROUND = 4 + 1 + 1


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: loops.py OPERATIONS SERVICES")
    operations, services = int(sys.argv[1]), int(sys.argv[2])
    per_round = PER_SERVICE_PER_ROUND * services
    rounds = max(1, -(-(operations - services) // per_round))
    exact = services + rounds * per_round
    sys.stdout.write(SCRIPT.format(operations=exact, services=services, rounds=rounds))
    print(exact, file=sys.stderr)


if __name__ == "__main__":
    main()
