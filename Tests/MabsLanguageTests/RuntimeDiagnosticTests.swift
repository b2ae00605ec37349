// The full rendered text of every runtime diagnostic: what a user sees when
// a script stops, a check fails, or the checker finds a mistake.
import Lifecycle
import Testing
@testable import MabsLanguage

struct RuntimeCase: Sendable, CustomTestStringConvertible {
    var source: String
    var expected: String
    var files: [String: String] = [:]
    var testDescription: String { source.split(separator: "\n").joined(separator: "⏎") }
}

@Suite("Runtime diagnostics")
struct RuntimeDiagnosticTests {
    static let cases: [RuntimeCase] = [
        RuntimeCase(source: "create contoso\nstop contoso\nresume contoso", expected: """
            test.mabs:3:1: error: Operation not allowed: cannot resume 'contoso' while it is Stopped; it is allowed in Suspended, SuspendedFailed, ResumeFailed
            resume contoso
            ^~~~~~~~~~~~~~
            note: the way there: start contoso; suspend contoso

            """),
        RuntimeCase(source: "create contoso\nbackup contoso as bk1\nrestore bk1 to contoso-dr", expected: """
            test.mabs:3:1: warning: 'contoso' still exists beside 'contoso-dr': make sure Visual Studio projects, PowerShell, the REST API and the TPM object model target the one you mean
            restore bk1 to contoso-dr
            ^~~~~~~~~~~~~~~~~~~~~~~~~
            test.mabs:3:1: warning: applications built with the BizTalk Services SDK may need the ACS credentials of 'contoso-dr'
            restore bk1 to contoso-dr
            ^~~~~~~~~~~~~~~~~~~~~~~~~
            test.mabs:3:1: warning: 'contoso-dr' has no scheduled backups; set them up
            restore bk1 to contoso-dr
            ^~~~~~~~~~~~~~~~~~~~~~~~~

            """),
        // An error about a secret value itself quotes it masked, as the
        // line shows it; only the literal is masked.
        RuntimeCase(source: "create contoso\nupdate contoso set acs-key = -\"k3y\"", expected: """
            test.mabs:2:30: error: '-' needs a number, found "***"
            update contoso set acs-key = -"***"
                                         ^~~~~~

            """),
        // A number in a secret's place is quoted bare, and hidden too.
        RuntimeCase(source: "create contoso\nupdate contoso set acs-key = not 12345", expected: """
            test.mabs:2:34: error: 'not' needs true or false, found *****
            update contoso set acs-key = not *****
                                             ^~~~~

            """),
        // A secret is compared, or copied into a secret setting; anything
        // else is an error where it is used, and text combined with it is
        // masked.
        RuntimeCase(source: "create contoso\nupdate contoso set acs-key = \"k3y\"\nlet k = setting(contoso, acs-key)\nprint \"ns-\" + $k", expected: """
            test.mabs:4:7: error: a secret cannot be used with '+'; it can only be compared with '==' or '!=', or copied into a secret setting
            print "***" + $k
                  ^~~~~~~~~~

            """),
        RuntimeCase(source: "create contoso\nupdate contoso set ssl-password = \"k3y\"\nprint \"the key: ${setting(contoso, ssl-password)}\"", expected: """
            test.mabs:3:19: error: a secret cannot be used in a string; it can only be compared with '==' or '!=', or copied into a secret setting
            print "the key: ${setting(contoso, ssl-password)}"
                              ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~

            """),
        RuntimeCase(source: "create contoso\nupdate contoso set acs-key = \"k3y\"\nlet k = setting(contoso, acs-key)\nstop $k", expected: """
            test.mabs:4:6: error: a secret cannot be used as a name; it can only be compared with '==' or '!=', or copied into a secret setting
            stop $k
                 ^~

            """),
        RuntimeCase(source: "create contoso\nupdate contoso set acs-key = \"k3y\"\nprint len(setting(contoso, acs-key)) < 2", expected: """
            test.mabs:3:11: error: a secret cannot be used in 'len'; it can only be compared with '==' or '!=', or copied into a secret setting
            print len(setting(contoso, acs-key)) < *
                      ^~~~~~~~~~~~~~~~~~~~~~~~~

            """),
        // A secret as the history shows it, recalled or copied, is not run
        // with its stars.
        RuntimeCase(source: "create contoso\nupdate contoso set acs-key = \"***\"", expected: """
            test.mabs:2:31: error: this is a secret as mabs shows it, masked with '*' (recalled from the history, or copied from output); type the secret itself
            update contoso set acs-key = "***"
                                          ^~~

            """),
        RuntimeCase(source: "wait 5", expected: """
            test.mabs:1:6: error: 'wait' needs a duration such as 90s, 30m, 2h or 1d, found 5
            wait 5
                 ^

            """),
        RuntimeCase(source: "let target = 1\nprint $targt", expected: """
            test.mabs:2:7: error: no variable named '$targt' (did you mean '$target'?)
            print $targt
                  ^~~~~~

            """),
        RuntimeCase(source: "print $nothing", expected: """
            test.mabs:1:7: error: no variable named '$nothing'; set one with 'let nothing = ...'
            print $nothing
                  ^~~~~~~~

            """),
        RuntimeCase(source: "recyle(contoso)", expected: """
            test.mabs:1:1: error: no procedure or function named 'recyle'; define one with 'def recyle(...) { ... }'
            recyle(contoso)
            ^~~~~~

            """),
        RuntimeCase(source: "def recycle(s) { stop $s }\nrecyle(contoso)", expected: """
            test.mabs:2:1: error: no procedure or function named 'recyle' (did you mean 'recycle'?)
            recyle(contoso)
            ^~~~~~

            """),
        RuntimeCase(source: "create contoso edition gold", expected: """
            test.mabs:1:24: error: 'gold' is not an edition; the editions are Developer, Basic, Standard, Premium
            create contoso edition gold
                                   ^~~~

            """),
        RuntimeCase(source: "create contoso\nassert contoso is Stoped", expected: """
            test.mabs:2:19: error: 'Stoped' is not a state (did you mean 'Stopped'?)
            assert contoso is Stoped
                              ^~~~~~

            """),
        RuntimeCase(source: "print state()", expected: """
            test.mabs:1:7: error: 'state' takes 1 argument, but 0 were given
            print state()
                  ^~~~~

            """),
        RuntimeCase(source: "def down(n) { down($n) }\ndown(1)", expected: """
            test.mabs:1:15: error: procedure calls are nested too deeply (the limit is 200); is a procedure calling itself without end?
            def down(n) { down($n) }
                          ^~~~
            test.mabs:1:15: note: in 'down', called here
            def down(n) { down($n) }
                          ^~~~
            test.mabs:2:1: note: in 'down', called here
            down(1)
            ^~~~
            note: 198 more calls not shown

            """),
        RuntimeCase(source: "print 10 % 0", expected: """
            test.mabs:1:7: error: division by zero
            print 10 % 0
                  ^~~~~~

            """),
        RuntimeCase(source: "let l = [0]\nrepeat 30 { let l = $l + $l }", expected: """
            test.mabs:2:21: error: the result of '+' would be too large: a value holds at most 16 Mi list items and bytes of text together; build a smaller one
            repeat 30 { let l = $l + $l }
                                ^~~~~~~

            """),
        RuntimeCase(source: "print 4611686018427387904 * 2", expected: """
            test.mabs:1:7: error: the result of '*' is too large for a number
            print 4611686018427387904 * 2
                  ^~~~~~~~~~~~~~~~~~~~~~~

            """),
        RuntimeCase(source: "print 1h * 2h", expected: """
            test.mabs:1:7: error: '*' cannot combine a duration and a duration
            print 1h * 2h
                  ^~~~~~~

            """),
        RuntimeCase(source: "def exists(x) { }", expected: """
            test.mabs:1:5: error: 'exists' is a built-in function and cannot be redefined; choose another name
            def exists(x) { }
                ^~~~~~

            """),
        RuntimeCase(source: "while true { }", expected: """
            test.mabs:1:1: error: stopped after 1000 statements; is a loop running without end?
            while true { }
            ^~~~~~~~~~~~~~

            """),
        RuntimeCase(source: "load \"missing.mabs\"", expected: """
            test.mabs:1:1: error: cannot load 'missing.mabs': no such file or directory
            load "missing.mabs"
            ^~~~~~~~~~~~~~~~~~~

            """),
        RuntimeCase(source: "load \"a.mabs\"", expected: """
            b.mabs:1:1: error: 'load' would loop: a.mabs loads b.mabs loads a.mabs
            load "a.mabs"
            ^~~~~~~~~~~~~
            a.mabs:1:1: error: 'b.mabs' has errors (shown above), so it was not run
            load "b.mabs"
            ^~~~~~~~~~~~~
            test.mabs:1:1: error: 'a.mabs' has errors (shown above), so it was not run
            load "a.mabs"
            ^~~~~~~~~~~~~

            """, files: ["a.mabs": "load \"b.mabs\"", "b.mabs": "load \"a.mabs\""]),
        RuntimeCase(source: "load \"d0.mabs\"", expected: """
            d62.mabs:1:21: error: files load each other too deeply (the limit is 64 files, one loading the next); load them one after another instead
            let p = "d63.mabs"; load $p
                                ^~~~~~~

            """, files: Dictionary(uniqueKeysWithValues: (0..<70).map { ("d\($0).mabs", "let p = \"d\($0 + 1).mabs\"; load $p") })),
        RuntimeCase(source: "create contoso\nupdate contoso set acs-key = \"k3y\"\nupdate contoso set acs-namespace = setting(contoso, acs-key)", expected: """
            test.mabs:3:36: error: a secret cannot be copied into 'acs-namespace', which is shown; copy it only into another secret setting
            update contoso set acs-namespace = setting(contoso, acs-key)
                                               ^~~~~~~~~~~~~~~~~~~~~~~~~

            """),
        RuntimeCase(source: "graph as svg to \"states.svg\"", expected: """
            test.mabs:1:1: error: graphs cannot be written to files here
            graph as svg to "states.svg"
            ^~~~~~~~~~~~~~~~~~~~~~~~~~~~

            """),
        RuntimeCase(source: "graph without failures to \"ordinary.png\"", expected: """
            test.mabs:1:1: error: 'ordinary.png' does not say which format to write: add 'as' and one of mermaid, dot, svg or text, or name a file ending .mmd, .dot, .svg or .txt
            graph without failures to "ordinary.png"
            ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~

            """),
        RuntimeCase(source: "graph around nowhere", expected: """
            test.mabs:1:14: error: there is no service named 'nowhere'
            graph around nowhere
                         ^~~~~~~

            """),
        RuntimeCase(source: "load \"bad.mabs\"", expected: """
            bad.mabs:1:1: error: unknown statement 'strat' (did you mean 'start'?)
            strat contoso
            ^~~~~
            test.mabs:1:1: error: 'bad.mabs' has errors (shown above), so it was not run
            load "bad.mabs"
            ^~~~~~~~~~~~~~~

            """, files: ["bad.mabs": "strat contoso"]),
        RuntimeCase(source: "for i in 1..2 { print \"svc-${i + 1}\" }", expected: """
            test.mabs:1:30: error: 'i' here is the text "i", where a number is needed; write $i to read the variable
            for i in 1..2 { print "svc-${i + 1}" }
                                         ^

            """),
        RuntimeCase(source: "for s in services { }", expected: """
            test.mabs:1:10: error: 'services' here is the text "services", where a list or a range is needed; write $services to read the variable
            for s in services { }
                     ^~~~~~~~

            """),
        RuntimeCase(source: "def nothing() { }\nprint [nothing(), 1]", expected: """
            test.mabs:2:8: error: 'nothing' gives no value to use here: it ends without 'return VALUE'
            print [nothing(), 1]
                   ^~~~~~~~~

            """),
        RuntimeCase(source: "create contoso\nscale contoso to 9", expected: """
            test.mabs:2:18: error: no edition runs 9 units; Developer runs 1 unit and cannot scale; Basic, Standard and Premium run 1 to 8 units
            scale contoso to 9
                             ^

            """),
        RuntimeCase(source: "chaos 10 seed -1", expected: """
            test.mabs:1:15: error: a chaos seed is a whole number from 0 up, not -1
            chaos 10 seed -1
                          ^~

            """),
        RuntimeCase(source: "create contoso\nlet kind = \"widgets\"\nprint contents(contoso, $kind)", expected: """
            test.mabs:3:7: error: 'widgets' is not a kind of content (the kinds: partner, profile, agreement, bridge, assembly, certificate, transform, pipeline, template, x12-mapping, hybrid-connection)
            print contents(contoso, $kind)
                  ^~~~~~~~

            """),
        RuntimeCase(source: "create contoso\nlet quota = \"partners\"\nprint quota(contoso, $quota)", expected: """
            test.mabs:3:7: error: 'partners' is not a quota; the quotas are bridges, agreements, hybrid-connections
            print quota(contoso, $quota)
                  ^~~~~

            """),
        // A literal word a function takes is checked before anything runs,
        // with the nearest word it may have meant.
        RuntimeCase(source: "create contoso\nprint contents(contoso, \"bridgee\")", expected: """
            test.mabs:2:25: error: 'bridgee' is not a kind of content (did you mean 'bridge'?)
            print contents(contoso, "bridgee")
                                    ^~~~~~~~~

            """),
        RuntimeCase(source: "create contoso\nprint usage(contoso, bridgez)", expected: """
            test.mabs:2:22: error: 'bridgez' is not a quota (did you mean 'bridges'?)
            print usage(contoso, bridgez)
                                 ^~~~~~~

            """),
        RuntimeCase(source: "create contoso\nprint setting(contoso, acs-kye)", expected: """
            test.mabs:2:24: error: 'acs-kye' is not a configuration setting (did you mean 'acs-key'?)
            print setting(contoso, acs-kye)
                                   ^~~~~~~

            """),
        RuntimeCase(source: "create contoso\nassert edition(contoso) >= premum", expected: """
            test.mabs:2:28: error: 'premum' is not an edition (did you mean 'Premium'?)
            assert edition(contoso) >= premum
                                       ^~~~~~

            """),
        RuntimeCase(source: "create contoso\nassert state(contoso) == actve", expected: """
            test.mabs:2:26: error: 'actve' is not a state (did you mean 'Active'?)
            assert state(contoso) == actve
                                     ^~~~~

            """),
        RuntimeCase(source: "def state(s) { return 1 }", expected: """
            test.mabs:1:5: error: 'state' is a built-in function and cannot be redefined; choose another name
            def state(s) { return 1 }
                ^~~~~

            """),
        // Values of different types never silently compare unequal.
        RuntimeCase(source: "print 1 == \"1\"", expected: """
            test.mabs:1:7: error: '==' cannot compare a number with a string
            print 1 == "1"
                  ^~~~~~~~

            """),
        RuntimeCase(source: "let n = 3\nif n == 3 { print \"three\" }", expected: """
            test.mabs:2:4: error: 'n' here is the text "n", where a number is needed; write $n to read the variable
            if n == 3 { print "three" }
               ^

            """),
        RuntimeCase(source: "create contoso\nassert units(contoso) != one", expected: """
            test.mabs:2:26: error: 'one' here is the text "one", where a number is needed; write $one to read the variable
            assert units(contoso) != one
                                     ^~~

            """),
        RuntimeCase(source: "let three = 3\nassert three == $three", expected: """
            test.mabs:2:8: error: 'three' here is the text "three", where a number is needed; write $three to read the variable
            assert three == $three
                   ^~~~~

            """),
        RuntimeCase(source: "create Contoso\nstop contso", expected: """
            test.mabs:2:1: error: there is no service named 'contso'
            stop contso
            ^~~~~~~~~~~
            note: did you mean 'Contoso'?

            """),
        RuntimeCase(source: "create contoso\nbackup contoso as nightly\nshow backup nigthly", expected: """
            test.mabs:3:1: error: there is no backup named 'nigthly'
            show backup nigthly
            ^~~~~~~~~~~~~~~~~~~
            note: did you mean 'nightly'?

            """),
        RuntimeCase(source: "create contoso\nstop fabrikam", expected: """
            test.mabs:2:1: error: there is no service named 'fabrikam'
            stop fabrikam
            ^~~~~~~~~~~~~

            """),
        RuntimeCase(source: "log last 0", expected: """
            test.mabs:1:10: error: 'log last' shows a number of entries from 1 up, not 0; 'log all' shows every one
            log last 0
                     ^

            """),
        RuntimeCase(source: "repeat -5 { print 1 }", expected: """
            test.mabs:1:8: error: 'repeat' runs a block a number of times from 0 up, not -5
            repeat -5 { print 1 }
                   ^~

            """),
        RuntimeCase(source: "let n = 2 - 7\nrepeat $n { print 1 }", expected: """
            test.mabs:2:8: error: 'repeat' runs a block a number of times from 0 up, not -5
            repeat $n { print 1 }
                   ^~

            """),
        RuntimeCase(source: "create contoso\nupdate contoso set acs-namespace = \"a\",\n  ACS_Namespace = \"b\"", expected: """
            test.mabs:3:3: error: 'ACS_Namespace' is set twice in one update; set each setting once
              ACS_Namespace = "b"
              ^~~~~~~~~~~~~
            test.mabs:2:20: note: 'acs-namespace' is first set here
            update contoso set acs-namespace = "a",
                               ^~~~~~~~~~~~~

            """),
        // The checker's error in an `expect error` block is the block's,
        // when it runs.
        RuntimeCase(source: "expect error \"not a valid service name\" { create ab }\nexpect error \"zzz\" { create ab }", expected: """
            test.mabs:2:1: error: expected an error containing "zzz", but the error was: 'ab' is not a valid service name: a service name has 6 to 20 characters, and 'ab' has 2
            expect error "zzz" { create ab }
            ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~

            """),
        RuntimeCase(source: "create contoso\nprint next_backup(contoso)", expected: """
            test.mabs:2:7: error: 'contoso' has no scheduled backups; schedule them with 'schedule backups of contoso every ... retain ...'
            print next_backup(contoso)
                  ^~~~~~~~~~~

            """),
        RuntimeCase(source: "save \"w.mabsw\"", expected: """
            test.mabs:1:1: error: workspaces cannot be saved or opened here
            save "w.mabsw"
            ^~~~~~~~~~~~~~

            """),
        RuntimeCase(source: "create contoso\nassert contoso is Stopped", expected: """
            test.mabs:2:8: error: assertion failed: contoso is Stopped
            assert contoso is Stopped
                   ^~~~~~~~~~~~~~~~~~
            note: found: 'contoso' is Active

            """),
        RuntimeCase(source: "create contoso\nassert contoso cannot stop", expected: """
            test.mabs:2:8: error: assertion failed: contoso cannot stop
            assert contoso cannot stop
                   ^~~~~~~~~~~~~~~~~~~
            note: found: 'contoso' is Active, where stop is allowed

            """),
        RuntimeCase(source: "create devbox01 edition developer\nassert devbox01 can backup", expected: """
            test.mabs:2:8: error: assertion failed: devbox01 can backup
            assert devbox01 can backup
                   ^~~~~~~~~~~~~~~~~~~
            note: found: 'devbox01' cannot be backed up: backup and restore are not available on the Developer edition

            """),
        RuntimeCase(source: "compare nightly with contoso", expected: """
            test.mabs:1:9: error: there is no service or backup named 'nightly'; 'list' and 'list backups' show them
            compare nightly with contoso
                    ^~~~~~~
            
            """),
        RuntimeCase(source: "create nightly\ncreate contoso\nbackup contoso as nightly\ncompare nightly with contoso", expected: """
            test.mabs:4:9: error: 'nightly' is the name of a service and of a backup, and either could be meant here; 'show nightly' and 'show backup nightly' show each
            compare nightly with contoso
                    ^~~~~~~

            """),
        RuntimeCase(source: "assert exists(fabrikam)", expected: """
            test.mabs:1:8: error: assertion failed: exists(fabrikam)
            assert exists(fabrikam)
                   ^~~~~~~~~~~~~~~~
            note: found: there is no service named 'fabrikam'

            """),
        RuntimeCase(source: "create contoso\nassert units(contoso) > 1", expected: """
            test.mabs:2:8: error: assertion failed: units(contoso) > 1
            assert units(contoso) > 1
                   ^~~~~~~~~~~~~~~~~~
            note: found: the left side is 1, the right side is 1

            """),
        RuntimeCase(source: "create contoso\nexpect error \"not allowed\" { stop nobody-here }", expected: """
            test.mabs:2:1: error: expected an error containing "not allowed", but the error was: there is no service named 'nobody-here'
            expect error "not allowed" { stop nobody-here }
            ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~

            """),
        RuntimeCase(source: "create contoso\nassert units(contoso) > 1, \"a service starts with two units\"", expected: """
            test.mabs:2:8: error: assertion "a service starts with two units" failed: units(contoso) > 1
            assert units(contoso) > 1, "a service starts with two units"
                   ^~~~~~~~~~~~~~~~~~
            note: found: the left side is 1, the right side is 1

            """),
        RuntimeCase(source: "create contoso\ntodo \"scaling\" { assert units(contoso) > 1 }", expected: """
            test.mabs:2:25: warning: assertion failed: units(contoso) > 1
            todo "scaling" { assert units(contoso) > 1 }
                                    ^~~~~~~~~~~~~~~~~~
            note: found: the left side is 1, the right side is 1
            note: to do: "scaling"; a failed check in a 'todo' block does not fail the run

            """),
        RuntimeCase(source: "create contoso\nexpect error quota { resume contoso }", expected: """
            test.mabs:2:1: error: expected an error of kind quota, but the error was of kind not-allowed: Operation not allowed: cannot resume 'contoso' while it is Active; it is allowed in Suspended, SuspendedFailed, ResumeFailed
            expect error quota { resume contoso }
            ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~

            """),
        RuntimeCase(source: "create contoso\nexpect error not-allowed { stop contoso }", expected: """
            test.mabs:2:1: error: expected an error of kind not-allowed, but the block ran without one
            expect error not-allowed { stop contoso }
            ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~

            """),
        RuntimeCase(source: "expect error not-alowed { }\nexpect warning batch { }", expected: """
            test.mabs:1:14: error: no kind of error is named 'not-alowed' (did you mean 'not-allowed'?); 'help errors' lists the kinds, and a text in quotes matches the message instead
            expect error not-alowed { }
                         ^~~~~~~~~~
            test.mabs:2:16: error: no kind of warning is named 'batch'; 'help warnings' lists the kinds, and a text in quotes matches the message instead
            expect warning batch { }
                           ^~~~~

            """),
        RuntimeCase(source: "create contoso\nexpect warning batch-lost { backup contoso as nightly }", expected: """
            test.mabs:2:1: error: expected a warning of kind batch-lost, but the block gave no warning
            expect warning batch-lost { backup contoso as nightly }
            ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~

            """),
        RuntimeCase(source: "create contoso\nreceive 1 messages on contoso\nexpect no warning { backup contoso as nightly }", expected: """
            test.mabs:3:21: warning: 1 message was in the active batch of 'contoso': backup 'nightly' does not hold it, so it is lost; process the batch before a backup
            expect no warning { backup contoso as nightly }
                                ^~~~~~~~~~~~~~~~~~~~~~~~~
            test.mabs:3:1: error: expected no warning, but the block gave one: 1 message was in the active batch of 'contoso': backup 'nightly' does not hold it, so it is lost; process the batch before a backup
            expect no warning { backup contoso as nightly }
            ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~

            """),
        RuntimeCase(source: "let l = [1]\nprint $l[1]", expected: """
            test.mabs:2:10: error: index 1 is out of range: the list has 1 item, indexed 0 to 0
            print $l[1]
                     ^

            """),
        RuntimeCase(source: "create contoso\nexpect error { stop contoso }", expected: """
            test.mabs:2:1: error: expected an error, but the block ran without one
            expect error { stop contoso }
            ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~

            """),
        RuntimeCase(source: "1 + 2", expected: """
            test.mabs:1:1: warning: this expression's value is not used; print it, assert it, or store it with 'let'
            1 + 2
            ^~~~~

            """),
        RuntimeCase(source: "create contoso\nlsit", expected: """
            test.mabs:2:1: error: unknown statement 'lsit' (did you mean 'list'?)
            lsit
            ^~~~

            """),
        RuntimeCase(source: "help restor", expected: """
            test.mabs:1:1: error: no help for 'restor' (did you mean 'restore'?)
            help restor
            ^~~~~~~~~~~

            """),
        RuntimeCase(source: "help hybrid connectoins", expected: """
            test.mabs:1:1: error: no help for 'hybrid connectoins' (did you mean 'hybrid-connection'?)
            help hybrid connectoins
            ^~~~~~~~~~~~~~~~~~~~~~~

            """),
        RuntimeCase(source: "help wibble", expected: """
            test.mabs:1:1: error: no help for 'wibble'; 'help' lists the topics
            help wibble
            ^~~~~~~~~~~

            """),
    ]

    @Test(arguments: cases)
    func rendersExactly(_ example: RuntimeCase) {
        var options = Session.Options()
        options.stepLimit = 1000
        let run = runScript(example.source, options: options, files: example.files)
        #expect(run.output.rendered == example.expected)
    }

    @Test("at the prompt a block's operations are summed up in one line, unless every one is traced")
    func blockSummary() {
        var options = Session.Options()
        options.trace = .topLevel
        let source = "create contoso\nfail next restart on contoso\nrepeat 3 { restart contoso }"
        let prompt = runScript(source, options: options)
        #expect(prompt.output.text == """
            create contoso: -> Active
            restart contoso failed: Active -> RestartFailed; injected failure
            (ran 3 operations, 1 failed; --trace shows each)

            """)
        options.trace = .all
        let traced = runScript(source, options: options)
        #expect(!traced.output.text.contains("(ran"))
        #expect(traced.output.text.contains("restart contoso: RestartFailed -> Active"))
    }

    @Test("an interrupt stops the running statement with its position")
    func interrupted() {
        let output = CapturedOutput()
        let session = Session(output: output)
        session.shouldStop = { true }
        let file = SourceFile(name: "test.mabs", text: "create contoso\nwhile true { restart contoso }")
        #expect(session.run(session.prepare(file)) == .interrupted)
        #expect(output.rendered == """
            test.mabs:2:1: error: interrupted
            while true { restart contoso }
            ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~

            """)
        #expect(session.engine.service(named: "contoso") != nil, "the workspace survives the interrupt")
    }

    /// Keeps the diagnostics reported and the events recorded.
    final class RecordingOutput: ScriptOutput {
        var diagnostics: [Diagnostic] = []
        var events: [CheckEvent] = []
        func write(_ text: String) {}
        func report(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }
        func record(_ event: CheckEvent) { events.append(event) }
    }

    @Test("SIGTERM's stop says so where it stopped; a stop for lost output says nothing, and reports keep it")
    func terminatedAndOutputLost() {
        let file = SourceFile(name: "test.mabs", text: "create contoso\nwhile true { restart contoso }")
        let terminated = RecordingOutput()
        let session = Session(output: terminated)
        session.shouldStop = { true }
        session.stopReport = { .terminated }
        #expect(session.run(session.prepare(file)) == .interrupted)
        #expect(DiagnosticRenderer().render(terminated.diagnostics) == """
            test.mabs:2:1: error: terminated (SIGTERM)
            while true { restart contoso }
            ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~

            """)
        #expect(terminated.events.last?.message == "terminated (SIGTERM)")

        let lost = RecordingOutput()
        let quiet = Session(output: lost)
        quiet.shouldStop = { true }
        quiet.stopReport = { nil }
        #expect(quiet.run(quiet.prepare(file)) == .interrupted)
        #expect(lost.diagnostics.isEmpty, "the host says once why, or nothing when the reader went away")
        #expect(lost.events.last?.kind == .stopped)
        #expect(lost.events.last?.message == "stopped: standard output could not be written")
    }

    /// Keeps workspaces in memory, for the messages about them.
    final class MemoryWorkspaces: WorkspaceStore {
        var files: [String: WorkspaceSnapshot] = [:]
        struct Refusal: Error, CustomStringConvertible { var description: String }
        func save(_ snapshot: WorkspaceSnapshot, to path: String, relativeTo file: SourceFile) throws { files[path] = snapshot }
        /// Nothing in memory is a script.
        func checkReplaceable(_ path: String, relativeTo file: SourceFile) throws {}
        func open(_ path: String, relativeTo file: SourceFile) throws -> WorkspaceSnapshot? {
            if path == "refused.mabsw" { throw Refusal(description: "it is not a mabs workspace (it was left as it is)") }
            return files[path]
        }
    }

    @Test("a workspace that cannot be opened, whose procedures do not parse, or that would hold too deep a list, says so")
    func workspaceMessages() throws {
        let store = MemoryWorkspaces()
        let output = CapturedOutput()
        let session = Session(output: output, workspaces: store)
        func run(_ text: String) {
            let file = SourceFile(name: "test.mabs", text: text)
            session.run(session.prepare(file))
        }
        run("open \"refused.mabsw\"")
        run("def f(s) { stop $s }\nsave \"w.mabsw\"")
        var saved = try #require(store.files["w.mabsw"])
        saved.procedures = ["def f(s) { stop $s"]
        store.files["w.mabsw"] = saved
        run("open \"w.mabsw\"")
        run("let l = []\nrepeat 99 { let l = [$l] }\nsave \"flat.mabsw\"\nlet l = [$l]\nsave \"deep.mabsw\"")
        #expect(store.files["flat.mabsw"] != nil && store.files["deep.mabsw"] == nil)
        #expect(output.rendered == """
            test.mabs:1:1: error: cannot use workspace 'refused.mabsw': it is not a mabs workspace (it was left as it is)
            open "refused.mabsw"
            ^~~~~~~~~~~~~~~~~~~~
            test.mabs:1:1: error: cannot use workspace 'w.mabsw': it holds what no run could make (procedure 1 is not one 'def' statement that parses); it was left as it is
            open "w.mabsw"
            ^~~~~~~~~~~~~~
            test.mabs:5:1: error: cannot save workspace 'deep.mabsw': '$l' holds lists nested more than 100 deep, more than a workspace keeps; save a flatter value
            save "deep.mabsw"
            ^~~~~~~~~~~~~~~~~

            """)
    }

    @Test("a graph file the host cannot write says which file and why, and nothing is shown instead")
    func graphFileFailed() {
        struct Refusing: OutputFileWriter {
            struct Refusal: Error, CustomStringConvertible { var description = "it is the script being run; write the graph to another file" }
            func write(_ text: String, to path: String, relativeTo file: SourceFile) throws { throw Refusal() }
        }
        let output = CapturedOutput()
        let session = Session(output: output, outputFiles: Refusing())
        session.run(session.prepare(SourceFile(name: "test.mabs", text: "graph to \"test.mabs.svg\"")))
        #expect(output.rendered == """
            test.mabs:1:1: error: cannot write the graph to 'test.mabs.svg': it is the script being run; write the graph to another file
            graph to "test.mabs.svg"
            ^~~~~~~~~~~~~~~~~~~~~~~~

            """)
        #expect(output.text.isEmpty)
    }

    @Test("load without a loader says it is not available")
    func loadUnavailable() {
        let output = CapturedOutput()
        let session = Session(output: output)
        let file = SourceFile(name: "test.mabs", text: "load \"x.mabs\"")
        session.run(session.prepare(file))
        #expect(output.rendered.hasPrefix("test.mabs:1:1: error: 'load' is not available here\n"))
    }

    /// Found while fuzzing (Scripts/fuzz): a value that doubles each time
    /// round a loop outgrew any memory within a few dozen statements, far
    /// below the step limit, and `mabs` died out of memory (or, printing a
    /// shared nested list, ran for ever). Values are now bounded
    /// (`Value.maximumSize`); the same inputs seed the fuzzer's corpus
    /// (Tests/Fixtures/fuzz).
    static let runawayGrowth = [
        "let s = \"ab\"\nrepeat 64 { let s = $s + $s }",
        "let s = \"ab\"\nrepeat 64 { let s = \"${s}${s}\" }",
        "let l = [1]\nrepeat 64 { let l = $l + $l }",
        "let l = [1]\nrepeat 64 { let l = [$l, $l] }\nprint $l",
    ]

    @Test(
        "a value that doubles round a loop stops the script with an error instead of exhausting memory",
        arguments: runawayGrowth)
    func runawayGrowthStops(_ source: String) {
        let run = runScript(source)
        #expect(run.outcome == .stopped)
        #expect(run.output.errors.count == 1)
        #expect(run.output.errors.first.map { if case .runtime(.valueTooLarge) = $0.message { true } else { false } } == true)
        #expect(run.output.text.isEmpty)
    }

    @Test("grouped (the prompt, a play), one statement's warnings are one header, the line and caret once, a line each")
    func groupedWarnings() {
        let source = """
            create contoso
            add hybrid-connection h1 to contoso
            backup contoso as nightly
            restore nightly to contoso-dr
            """
        var options = Session.Options()
        options.groupWarnings = true
        // The whole text, through the real binary: PlayTests.groupedWarnings.
        let rendered = runScript(source, options: options).output.rendered
        #expect(rendered.hasPrefix("test.mabs:4:1: warning: this statement gave 4 warnings:\nrestore nightly to contoso-dr\n^~~"))
        #expect(rendered.split(separator: "\n").filter { $0.hasPrefix("  - ") }.count == 4)
        let one = runScript("create contoso\nreceive 1 messages on contoso\nbackup contoso as nightly", options: options).output
        #expect(one.rendered.hasPrefix("test.mabs:3:1: warning: 1 message"), "a single warning is shown as it always was")
        #expect(runScript(source).output.diagnostics.count == 4, "mabs run: a diagnostic each")
    }

    @Test("every runtime message has a rendered-text test")
    func coverage() {
        // Tested above, outside the table.
        var covered: Set<String> = [
            "runtime.warningsOfOneStatement", "remark.groupedWarning",
            "runtime.interrupted", "runtime.terminated", "runtime.outputLost", "runtime.loadUnavailable",
            "runtime.workspaceFailed", "runtime.workspaceImpossible", "runtime.workspaceValueTooDeep", "runtime.graphFileFailed",
        ]
        var options = Session.Options()
        options.stepLimit = 1000
        for example in Self.cases {
            for diagnostic in runScript(example.source, options: options, files: example.files).output.diagnostics {
                covered.insert(Catalogue.name(of: diagnostic.message))
                for note in diagnostic.notes { covered.insert(Catalogue.name(of: note.message)) }
            }
        }
        // The parser's remarks are covered by DiagnosticTextTests' cases.
        for example in DiagnosticTextTests.cases {
            for diagnostic in parseSource(bytes: example.bytes).result.diagnostics {
                for note in diagnostic.notes { covered.insert(Catalogue.name(of: note.message)) }
                covered.insert(Catalogue.name(of: diagnostic.message))
            }
        }
        let all = Catalogue.cases(of: "Runtime") + Catalogue.cases(of: "Remark")
        #expect(all.count > 20, "the catalogue's cases could not be read")
        for name in all {
            #expect(covered.contains(name), "no rendered-text test for Message.\(name)")
        }
    }
}
