#!/usr/bin/env python3
"""The Python baseline for Scripts/bench: the seed's state/operation table as
a `transitions` state machine (pip package `transitions`), reading the
straight-line workload (the same .mabs file mabs runs) with a small line
parser and applying the same rules as mabs: the seed table, what each
operation does on success and failure (DOMAIN.md), editions (units,
scaling, backup, quotas), names and the name hold, backups and restores
with their warnings, armed failures, an operation log entry per operation
that ran, and assertions. It knows only the statement forms
Scripts/bench.d/straight.py writes.

    python baseline.py FILE     prints "N passed, N failed"; exit 0, or 1

Like mabs, an operation the table does not allow (MachineError) or any
other refusal stops the script with an error; a failed assertion is
counted and the script goes on.
"""
import re
import sys
from dataclasses import dataclass, field

from transitions import Machine, MachineError

OPERATIONS = ("start", "stop", "restart", "suspend", "resume", "delete", "scale", "update", "backup")

# The seed table: one row per group of states, 1 allowed, 0 not, in
# OPERATIONS order.
SEED_TABLE = [
    (["Active"],                                    (0, 1, 1, 1, 0, 1, 1, 1, 1)),
    (["Disabled"],                                  (0, 0, 0, 0, 0, 1, 0, 0, 0)),
    (["Suspended"],                                 (0, 0, 0, 0, 1, 1, 0, 0, 1)),
    (["Stopped"],                                   (1, 0, 1, 0, 0, 1, 0, 0, 1)),
    (["ServiceUpdateFailed"],                       (0, 0, 0, 0, 0, 1, 0, 0, 0)),
    (["DisableFailed"],                             (0, 0, 0, 0, 0, 1, 0, 0, 0)),
    (["EnableFailed"],                              (0, 0, 0, 0, 0, 1, 0, 0, 0)),
    (["StartFailed", "StopFailed", "RestartFailed"], (1, 1, 1, 0, 0, 1, 0, 1, 0)),
    (["SuspendedFailed", "ResumeFailed"],           (0, 0, 0, 1, 1, 1, 0, 0, 0)),
    (["CreatedFailed", "RestoreFailed"],            (0, 0, 0, 0, 0, 1, 0, 0, 0)),
    (["ConfigUpdateFailed"],                        (0, 0, 1, 0, 0, 1, 0, 1, 0)),
    (["ScaleFailed"],                               (0, 0, 0, 0, 0, 1, 1, 0, 0)),
]
STATES = [state for states, _ in SEED_TABLE for state in states]
DELETED = "Deleted"  # where a deleted service's machine ends
KEEP = "="  # transitions' reflexive destination: the state is unchanged

# What each operation does: (on success, on failure, the state success
# turns Active instead of keeping).
EFFECTS = {
    "start": ("Active", "StartFailed", None),
    "stop": ("Stopped", "StopFailed", None),
    "restart": ("Active", "RestartFailed", None),
    "suspend": ("Suspended", "SuspendedFailed", None),
    "resume": ("Active", "ResumeFailed", None),
    "delete": (DELETED, KEEP, None),
    "scale": ("Active", "ScaleFailed", None),
    "update": (KEEP, "ConfigUpdateFailed", "ConfigUpdateFailed"),
    "backup": (KEEP, KEEP, None),
}
NEW_SERVICE = {"create": ("Active", "CreatedFailed"), "restore": ("Suspended", "RestoreFailed")}
LOG_NAMES = {
    "create": "CreateBizTalkService", "start": "StartBizTalkService", "stop": "StopBizTalkService",
    "restart": "RestartBizTalkService", "suspend": "SuspendBizTalkService", "resume": "ResumeBizTalkService",
    "delete": "DeleteBizTalkService", "scale": "ScaleBizTalkService", "update": "ConfigUpdateBizTalkService",
    "backup": "BackupBizTalkService", "restore": "RestoreBizTalkService",
}


@dataclass(frozen=True)
class Edition:
    rank: int
    name: str
    units: range
    bridges: int
    agreements: int
    hybrid_connections: int
    backup: bool


EDITIONS = {
    "developer": Edition(1, "Developer", range(1, 2), 25, 10, 5, False),
    "basic": Edition(2, "Basic", range(1, 9), 25, 50, 10, True),
    "standard": Edition(3, "Standard", range(1, 9), 125, 250, 50, True),
    "premium": Edition(4, "Premium", range(1, 9), 500, 1000, 100, True),
}
SETTINGS = {"acs-namespace", "acs-key", "tracking-database", "archiving-storage", "monitoring-storage",
            "ssl-certificate", "ssl-password"}
KINDS = ("partner", "profile", "agreement", "bridge", "assembly", "certificate", "transform", "pipeline",
         "template", "x12-mapping", "hybrid-connection")
EDITABLE = {"Active", "Suspended", "Stopped"}
STATE_NAMED = {state.lower(): state for state in STATES}
SERVICE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9-]{5,19}\Z")
BACKUP_NAME = re.compile(r"(?!.*--)[a-z0-9][a-z0-9-]{2,62}\Z")
DURATION = re.compile(r"(\d+)([smhd])")
SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
UPDATE = re.compile(r'update\s+(\S+)\s+set\s+([\w-]+)\s*=\s*"(.*)"\s*\Z')
UNITS_ASSERT = re.compile(r"assert\s+units\((\S+)\)\s*==\s*(\d+)\s*\Z")


class Stop(Exception):
    """A refusal or error that stops the script."""


@dataclass(eq=False)  # a model is itself: the machine finds it by identity
class Service:
    id: int
    name: str
    edition: Edition
    units: int
    settings: dict
    contents: dict
    # `state` and the trigger methods come from the machine.

    def fails(self, event):
        return event.kwargs.get("failing", False)


@dataclass
class Backup:
    name: str
    service: str
    source_id: int
    taken_at: int
    edition: Edition
    units: int
    settings: dict
    contents: dict


@dataclass
class LogEntry:
    time: int
    service: str
    operation: str
    result: str
    source: str | None
    dest: str | None
    detail: object = None


@dataclass
class Workspace:
    services: dict = field(default_factory=dict)
    backups: dict = field(default_factory=dict)
    held: dict = field(default_factory=dict)
    armed: dict = field(default_factory=dict)  # (operation, service key) -> count
    log: list = field(default_factory=list)
    now: int = 0
    hold: int = 3600
    next_id: int = 1
    passed: int = 0
    failed: int = 0

    def __post_init__(self):
        self.machine = Machine(model=[], states=STATES + [DELETED], initial="Active",
                               auto_transitions=False, send_event=True)
        for column, operation in enumerate(OPERATIONS):
            sources = [state for states, row in SEED_TABLE if row[column] for state in states]
            ok, failure, recovers = EFFECTS[operation]
            keeps = [s for s in sources if s != recovers]
            if ok == KEEP and recovers in sources:
                self.machine.add_transition(operation, recovers, "Active", unless="fails")
            self.machine.add_transition(operation, keeps if ok == KEEP else sources, ok, unless="fails")
            self.machine.add_transition(operation, sources, failure, conditions="fails")

    # The steps every operation shares.

    def run_fails(self, operation, key):
        count = self.armed.get((operation, key), 0)
        if count:
            self.armed[(operation, key)] = count - 1
        return count > 0

    def record(self, operation, name, ok, source, dest, detail=None):
        self.log.append(LogEntry(self.now, name, LOG_NAMES[operation], "Succeeded" if ok else "Failed",
                                 source, dest, detail))

    def service(self, name):
        try:
            return self.services[name.lower()]
        except KeyError:
            raise Stop(f"there is no service named '{name}'") from None

    def check_name_free(self, name):
        if not SERVICE_NAME.match(name):
            raise Stop(f"invalid service name '{name}'")
        key = name.lower()
        if key in self.services:
            raise Stop(f"a service named '{name}' already exists")
        if self.held.get(key, -1) > self.now:
            raise Stop(f"the name '{name}' is held until {self.held[key]}")

    def add_service(self, operation, name, edition, units, settings, contents, detail=None):
        key = name.lower()
        failing = self.run_fails(operation, key)
        service = Service(self.next_id, name, edition, units, settings, contents)
        self.next_id += 1
        ok, failure = NEW_SERVICE[operation]
        self.machine.add_model(service, initial=failure if failing else ok)
        self.services[key] = service
        self.held.pop(key, None)
        self.record(operation, name, not failing, None, service.state, detail)
        return not failing

    def perform(self, operation, service, detail=None):
        """Runs an operation the seed table allows (else Stop); True if it succeeded."""
        key = service.name.lower()
        source = service.state
        failing = self.run_fails(operation, key)
        try:
            service.trigger(operation, failing=failing)
        except MachineError:
            raise Stop(f"Operation not allowed: cannot {operation} '{service.name}' while it is {source}") from None
        dest = service.state
        if dest == DELETED:
            self.machine.remove_model(service)
            del self.services[key]
            self.held[key] = self.now + self.hold
            dest = None
        self.record(operation, service.name, not failing, source, dest, detail)
        return not failing

    @staticmethod
    def usage(contents):
        agreements = len(contents["agreement"])
        return agreements, len(contents["bridge"]) + 2 * agreements, len(contents["hybrid-connection"])

    def warn(self, message):
        print(f"{self.file}:{self.line_number}: warning: {message}", file=sys.stderr)

    # One method per statement form.

    def do_hold(self, words, line):
        self.hold = sum(int(n) * SECONDS[unit] for n, unit in DURATION.findall(words[3]))

    def do_create(self, words, line):
        name = words[1]
        options = dict(zip(words[2::2], words[3::2]))
        edition = EDITIONS[options.get("edition", "standard").lower()]
        units = int(options.get("units", 1))
        self.check_name_free(name)
        if units not in edition.units:
            raise Stop(f"{edition.name} runs {edition.units.start} to {edition.units.stop - 1} units, not {units}")
        self.add_service("create", name, edition, units, {}, {kind: {} for kind in KINDS})

    def do_simple(self, words, line):
        self.perform(words[0], self.service(words[1]))

    do_start = do_stop = do_restart = do_suspend = do_resume = do_delete = do_simple

    def do_scale(self, words, line):
        service, units = self.service(words[1]), int(words[3])
        edition = service.edition
        if len(edition.units) == 1:
            raise Stop(f"{edition.name} cannot scale")
        if units not in edition.units:
            raise Stop(f"{edition.name} runs {edition.units.start} to {edition.units.stop - 1} units, not {units}")
        agreements, bridges, hybrid = self.usage(service.contents)
        if (agreements > edition.agreements * units or bridges > edition.bridges * units
                or hybrid > edition.hybrid_connections * units):
            raise Stop(f"cannot scale '{service.name}' in below what is deployed")
        if self.perform("scale", service, units):
            service.units = units

    def do_update(self, words, line):
        name, key, value = UPDATE.match(line).groups()
        service = self.service(name)
        if key not in SETTINGS:
            raise Stop(f"unknown setting '{key}'")
        if self.perform("update", service, key):
            service.settings[key] = value

    def do_add(self, words, line):
        kind, item, service = words[1], words[2], self.service(words[4])
        if kind not in KINDS:
            raise Stop(f"unknown kind '{kind}'")
        if service.state not in EDITABLE:
            raise Stop("contents change only while Active, Suspended or Stopped")
        items = service.contents[kind]
        if item.lower() in items:
            raise Stop(f"'{item}' is already there")
        edition, units = service.edition, service.units
        agreements, bridges, hybrid = self.usage(service.contents)
        if (kind == "agreement" and (agreements + 1 > edition.agreements * units or bridges + 2 > edition.bridges * units)
                or kind == "bridge" and bridges + 1 > edition.bridges * units
                or kind == "hybrid-connection" and hybrid + 1 > edition.hybrid_connections * units):
            raise Stop(f"'{service.name}' is at its {kind} quota")
        items[item.lower()] = item

    def do_remove(self, words, line):
        kind, item, service = words[1], words[2], self.service(words[4])
        if service.state not in EDITABLE:
            raise Stop("contents change only while Active, Suspended or Stopped")
        if service.contents.get(kind, {}).pop(item.lower(), None) is None:
            raise Stop(f"'{service.name}' has no {kind} '{item}'")

    def do_backup(self, words, line):
        service, name = self.service(words[1]), words[3]
        if not service.edition.backup:
            raise Stop(f"{service.edition.name} services cannot be backed up")
        if not BACKUP_NAME.match(name):
            raise Stop(f"invalid backup name '{name}'")
        if name in self.backups:
            raise Stop(f"a backup named '{name}' already exists")
        if self.perform("backup", service, name):
            contents = {kind: dict(items) if kind != "hybrid-connection" else {}
                        for kind, items in service.contents.items()}
            self.backups[name] = Backup(name, service.name, service.id, self.now, service.edition, service.units,
                                        dict(service.settings), contents)

    def do_restore(self, words, line):
        backup = self.backups.get(words[1].lower())
        if backup is None:
            raise Stop(f"there is no backup named '{words[1]}'")
        options = dict(zip(words[2::2], words[3::2]))
        name = options.get("to", backup.service)
        self.check_name_free(name)
        edition = EDITIONS[options["edition"].lower()] if "edition" in options else backup.edition
        if edition.rank < backup.edition.rank:
            raise Stop("a backup restores to the same or a higher edition")
        contents = {kind: dict(items) for kind, items in backup.contents.items()}
        if self.add_service("restore", name, edition, backup.units, dict(backup.settings), contents, backup.name):
            source = self.services.get(backup.service.lower())
            if source is not None and source.id == backup.source_id and source.name.lower() != name.lower():
                self.warn(f"'{name}' and '{source.name}' both exist: tools must target the right one")
            self.warn(f"SDK applications of '{name}' may need its new ACS credentials")
            self.warn(f"'{name}' has no scheduled backups")

    def do_assert(self, words, line):
        if len(words) == 4 and words[2] == "is":
            expected = STATE_NAMED.get(words[3].lower())
            if expected is None:
                raise Stop(f"unknown state '{words[3]}'")
            found = self.service(words[1]).state
            what = f"{words[1]} is {words[3]}"
            holds = found == expected
        else:
            match = UNITS_ASSERT.match(line)
            if match is None:
                raise Stop("the baseline does not know this assertion")
            found = self.service(match[1]).units
            what = f"units({match[1]}) == {match[2]}"
            holds = found == int(match[2])
        if holds:
            self.passed += 1
        else:
            self.failed += 1
            print(f"{self.file}:{self.line_number}: error: assertion failed: {what}; found {found}", file=sys.stderr)

    def run(self, path):
        self.file = path
        with open(path, encoding="utf-8") as lines:
            for self.line_number, line in enumerate(lines, 1):
                words = line.split()
                if not words or words[0].startswith("#"):
                    continue
                handler = getattr(self, "do_" + words[0], None)
                if handler is None:
                    raise Stop(f"the baseline does not know '{words[0]}'")
                handler(words, line)


def main():
    workspace = Workspace()
    try:
        workspace.run(sys.argv[1])
    except Stop as error:
        print(f"{workspace.file}:{workspace.line_number}: error: {error}", file=sys.stderr)
        print(f"{workspace.passed} passed, {workspace.failed} failed")
        sys.exit(1)
    print(f"{workspace.passed} passed, {workspace.failed} failed")
    sys.exit(0 if workspace.failed == 0 else 1)


if __name__ == "__main__":
    main()
