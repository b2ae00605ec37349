// Every refusal and warning the engine reports, in the words the catalogue
// gives it (Diagnostics/LifecycleMessages.swift), through the language.
import Lifecycle
import Testing
@testable import MabsLanguage

@Suite("The engine's refusals in words")
struct LifecycleMessageTests {
    /// A script and the first line of what it reports.
    static let cases: [(source: String, expected: String)] = [
        ("create contoso; stop contoso; resume contoso",
         "error: Operation not allowed: cannot resume 'contoso' while it is Stopped; it is allowed in Suspended, SuspendedFailed, ResumeFailed"),
        ("create contoso; fail next stop on contoso; stop contoso; suspend contoso",
         "error: Operation not allowed: cannot suspend 'contoso' while it is StopFailed; it is allowed in Active, SuspendedFailed, ResumeFailed"),
        ("stop nothere", "error: there is no service named 'nothere'"),
        ("create contoso; create CONTOSO", "error: a service named 'contoso' already exists; choose another name, or delete it first"),
        ("create contoso; delete contoso; create contoso",
         "error: the name 'contoso' belonged to a deleted service and is held until 2016-11-08 10:00:00 (1h from now); wait, or choose another name"),
        ("create ab", "error: 'ab' is not a valid service name: a service name has 6 to 20 characters, and 'ab' has 2"),
        ("create \"9abcdefg\"", "error: '9abcdefg' is not a valid service name: a service name starts with a letter"),
        ("create abc_defgh", "error: 'abc_defgh' is not a valid service name: a service name has only letters, digits and hyphens"),
        ("create contoso; backup contoso as AB", "error: 'AB' is not a valid backup name: a backup name has 3 to 63 characters, and 'AB' has 2"),
        ("create contoso; backup contoso as Nightly", "error: 'Nightly' is not a valid backup name: a backup name has only lowercase letters, digits and hyphens"),
        ("create contoso; backup contoso as \"-nightly\"", "error: '-nightly' is not a valid backup name: a backup name starts with a letter or a digit"),
        ("create contoso; backup contoso as a--b", "error: 'a--b' is not a valid backup name: a backup name has no two hyphens in a row"),
        ("restore nightly", "error: there is no backup named 'nightly'"),
        ("create contoso; backup contoso as nightly; backup contoso as nightly",
         "error: a backup named 'nightly' already exists; give the new backup another name"),
        ("create contoso edition basic units 9", "error: 9 is not a unit count the Basic edition can run: it runs 1 to 8 units"),
        ("create devbox01 edition developer units 2", "error: 2 is not a unit count the Developer edition can run: it runs exactly 1 unit"),
        ("create devbox01 edition developer; scale devbox01 to 2",
         "error: 'devbox01' is a Developer service, which runs exactly 1 unit and cannot scale; to run more units, create a service of a higher edition"),
        ("create devbox01 edition developer; backup devbox01",
         "error: 'devbox01' cannot be backed up: backup and restore are not available on the Developer edition"),
        ("create contoso edition premium; backup contoso as nightly; restore nightly to contoso-dr edition basic",
         "error: backup 'nightly' was taken from a Premium service and cannot be restored to the lower Basic edition; restore to Premium or higher"),
        ("fail next stop on contoso times 0", "error: the failure count must be at least 1, not 0"),
        ("fail next stop on contoso times 1000000001", "error: the failure count must be at most 1000000000, not 1000000001"),
        ("let n = 999999999; fail next stop on contoso times $n; fail next stop on CONTOSO times 2",
         "error: 999999999 failures of stop on 'CONTOSO' already wait; 2 more would pass the most that may wait, 1000000000; clear them with 'fail clear stop on CONTOSO'"),
        ("chaos 101", "error: the chaos failure rate is a percentage from 0 to 100, not 101"),
        ("wait -1h", "error: the simulated clock only moves forward; cannot wait -1h"),
        ("create contoso; let none = \"\"; service-update contoso to $none", "error: an empty text is not a product version; write one such as 2.1"),
        ("create contoso; service-update contoso to \"2 0\"",
         "error: '2 0' is not a product version: it has a space or an invisible character; write one such as 2.1"),
        ("create contoso; update contoso set acs-kye = 1", "error: 'acs-kye' is not a configuration setting (did you mean 'acs-key'?)"),
        ("create contoso; update contoso set color = 1",
         "error: 'color' is not a configuration setting; the settings are acs-namespace, acs-key, tracking-database, archiving-storage, monitoring-storage, ssl-certificate, ssl-password"),
        ("create contoso; add agreement a1 to contoso source \"ftp://f/in\"; backup contoso as nightly; restore nightly to contoso-dr",
         "warning: agreement 'a1' reads ftp://f/in, as agreement 'a1' of 'contoso' does: both may pull the same messages; point one at another folder"),
        ("create contoso; add hybrid-connection onprem to contoso; backup contoso as nightly; restore nightly to contoso-dr",
         "warning: hybrid connections are never backed up: recreate 'onprem' on 'contoso-dr'"),
        ("create contoso; receive 2 messages on contoso; backup contoso as nightly",
         "warning: 2 messages were in the active batch of 'contoso': backup 'nightly' does not hold them, so they are lost; process the batch before a backup"),
        ("create contoso; backup contoso as nightly; process 3 messages on contoso; restore nightly to contoso-dr",
         "warning: control numbers may repeat: 'contoso' processed 3 messages (3 control numbers) after backup 'nightly' was taken"),
        ("create contoso; backup contoso as nightly; delete contoso; restore nightly to contoso-dr",
         "warning: applications built with the BizTalk Services SDK may need the ACS credentials of 'contoso-dr'"),
        ("create contoso; suspend contoso; receive 1 messages on contoso",
         "error: 'contoso' is Suspended and processes no messages; messages are processed only while a service is Active"),
        ("create contoso; fail next stop on contoso; stop contoso; add bridge b to contoso",
         "error: cannot change the contents of 'contoso' while it is StopFailed: contents change only while a service is Active, Suspended or Stopped"),
        ("create contoso; add bridge b to contoso; add bridge b to contoso", "error: 'contoso' already has a bridge named 'b'"),
        ("create contoso; remove bridge b from contoso", "error: 'contoso' has no bridge named 'b'"),
        ("create contoso; add bridge b to contoso source \"ftp://x\"", "error: only an agreement reads from a source folder, not a bridge"),
        ("create devbox01 edition developer; repeat 13 { add bridge \"b${len(contents(devbox01, bridge))}\" to devbox01 }; repeat 7 { add agreement \"a${len(contents(devbox01, agreement))}\" to devbox01 }",
         "error: another agreement would make 27 bridges on 'devbox01', over its quota of 25 (Developer, 1 unit; an agreement counts as 2 bridges); create a service of the Basic edition or higher"),
        ("create contoso edition premium units 8; repeat 800 { add hybrid-connection \"h${len(contents(contoso, hybrid-connection))}\" to contoso }; add hybrid-connection last to contoso",
         "error: another hybrid-connection would make 801 hybrid connections on 'contoso', over its quota of 800 (Premium, 8 units); this is the largest a service can be; spread the work over another service"),
        ("create contoso edition basic; repeat 11 { add hybrid-connection \"h${len(contents(contoso, hybrid-connection))}\" to contoso }",
         "error: another hybrid-connection would make 11 hybrid connections on 'contoso', over its quota of 10 (Basic, 1 unit); scale out to more units"),
        ("create contoso edition basic units 8; repeat 81 { add hybrid-connection \"h${len(contents(contoso, hybrid-connection))}\" to contoso }",
         "error: another hybrid-connection would make 81 hybrid connections on 'contoso', over its quota of 80 (Basic, 8 units); restore a backup to the Standard edition or higher"),
        ("create contoso edition basic units 2; repeat 11 { add hybrid-connection \"h${len(contents(contoso, hybrid-connection))}\" to contoso }; scale contoso to 1",
         "error: cannot scale 'contoso' in to 1 unit: 11 hybrid connections deployed, 10 allowed; remove some first"),
        ("create contoso; let zero = 0s; schedule backups of contoso every $zero retain 1d",
         "error: backups cannot be scheduled every 0s: the frequency must be longer than 0s"),
        ("create contoso; let day = 1d; schedule backups of contoso every $day retain $day",
         "error: the retention period (1d) must be longer than the backup frequency (1d)"),
        ("create contoso; schedule backups of contoso every 106751991167300d retain 106751991167300d1s",
         "error: a backup every 106751991167300d would never come due: the simulated clock cannot hold a time that far ahead"),
        ("create contoso; schedule backups of contoso every 1s retain 1d; wait 3h",
         "error: waiting 3h would run 10800 scheduled backups; at most 1000 run in one wait: wait in shorter steps"),
        ("create contoso; backup contoso as nightly; restore nightly to contoso-dr",
         "warning: 'contoso' still exists beside 'contoso-dr': make sure Visual Studio projects, PowerShell, the REST API and the TPM object model target the one you mean"),
        ("create contoso; update contoso set tracking-database = \"db\"; create tracking database of contoso; backup tracking database of contoso as tdb1; process 2 messages on contoso; restore tracking database tdb1",
         "warning: restoring 'tdb1' replaced a tracking database of 2 records with the 0 it held"),
        ("create contoso; update contoso set tracking-database = \"db\"; create tracking database of contoso; process 2 messages on contoso; delete tracking database of contoso",
         "warning: the tracking database of 'contoso' had no backup: its 2 records cannot be recovered; 'create tracking database of contoso' makes a new, empty one of the same name. Geo-replication protects a tracking database"),
        ("create contoso; update contoso set tracking-database = \"db\"; create tracking database of contoso; backup tracking database of contoso as tdb1; process 1 message on contoso; delete tracking database of contoso",
         "warning: the tracking database of 'contoso' is deleted with its 1 record; 'restore tracking database tdb1' brings back those its backup holds. Geo-replication protects a tracking database"),
        ("create contoso tracking-server \"sql;1\" tracking-database \"tracking\"",
         "error: the tracking database's server has ';' or '=', as a connection string does (not shown: it may hold a password): give the server's name alone"),
        ("create contoso tracking-server \"  \" tracking-database \"tracking\"",
         "error: '  ' is not a tracking database server: give a name, without ';' or '='"),
        ("create contoso; receive 9223372036854775807 messages on contoso; receive 1 message on contoso",
         "error: 'contoso' cannot count that many more messages: a count would pass 9223372036854775807"),
        ("create contoso; add partner \"  \" to contoso", "error: '  ' is not a valid name for an artifact: it has 1 to 80 characters, not all blank"),
        ("create contoso; add agreement a1 to contoso source \"\"", "error: agreement 'a1' needs a source folder, not a blank one"),
        ("hold names for -1m", "error: a name cannot be held for -1m; hold names for 0s or longer"),
        ("create contoso; update contoso set tracking-database = \"db\"; backup tracking database of contoso as tdb1",
         "error: the tracking database of 'contoso' does not exist (it was deleted, or never created); restore a backup of it, or create one with 'create tracking database of contoso'"),
        ("create contoso; let none = 0; process $none messages on contoso", "error: the number of messages must be at least 1, not 0"),
        ("create contoso; create tracking database of contoso", "error: 'contoso' names no tracking database; set one with 'update contoso set tracking-database = ...'"),
        ("create contoso; update contoso set tracking-database = \"db\"; delete tracking database of contoso",
         "error: the tracking database of 'contoso' does not exist (it was deleted, or never created); restore a backup of it, or create one with 'create tracking database of contoso'"),
        ("create contoso; update contoso set tracking-database = \"db\"; create tracking database of contoso; create tracking database of contoso",
         "error: the tracking database of 'contoso' exists already"),
        ("create contoso; update contoso set tracking-database = \"db\"; process 1 messages on contoso",
         "warning: the tracking database of 'contoso' does not exist: 1 tracking record was not kept"),
    ]

    @Test(arguments: cases)
    func says(_ example: (source: String, expected: String)) {
        let run = runScript(example.source)
        let first = run.output.rendered.split(separator: "\n").first.map(String.init) ?? ""
        // Drop `test.mabs:1:N: `: the position is the renderer's business.
        let message = first.split(separator: ": ", maxSplits: 1).last.map(String.init) ?? first
        #expect(message == example.expected, "\(example.source)")
    }

    /// The workspace's bounds take a million services or backups to reach;
    /// their words are checked here, their reaching in EngineLimitTests.
    @Test("the workspace's bounds say what to do")
    func bounds() {
        #expect(Message.text(of: .tooManyServices(limit: 1_000_000))
            == "the workspace already holds 1000000 services, the most it may; delete some first")
        #expect(Message.text(of: .tooManyBackups(limit: 1_000_000))
            == "the workspace already holds 1000000 backups, the most it may; take fewer, or let a schedule's retention purge them")
        #expect(Message.text(of: .serviceNumbersUsedUp(limit: 9_007_199_254_740_992))
            == "the workspace has given out all 9007199254740992 service numbers, one to each service created or restored; start a new workspace")
        #expect(Message.text(of: .tooManyContentItems(service: "contoso", limit: 10_000))
            == "'contoso' already holds 10000 portal artifacts, the most one service may; remove some first")
    }

    /// A stale identity reaches the engine only through a caller that kept
    /// one past its service's delete (the language looks names up).
    @Test("a request by a deleted service's identity says so")
    func staleIdentity() throws {
        var engine = Engine(nameHold: .zero)
        let id = try engine.create("contoso").entry.service
        _ = try engine.perform(.delete, on: id)
        #expect(throws: LifecycleError.serviceDeleted) { try engine.perform(.stop, on: id) }
        #expect(Message.text(of: LifecycleError.serviceDeleted)
            == "the service this refers to was deleted; look it up by its name again")
    }

    @Test("the log's detail column says what happened")
    func logDetail() {
        let run = runScript("create contoso; scale contoso to 3; fail next stop on contoso; stop contoso; delete contoso; log")
        #expect(run.output.text.contains("stays Active; 3 units"))
        #expect(run.output.text.contains("Active -> StopFailed; injected failure"))
        #expect(run.output.text.contains("StopFailed -> deleted"))
    }
}
