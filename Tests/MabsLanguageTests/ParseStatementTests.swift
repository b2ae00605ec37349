// Every statement form, checked through the S-expression printer.
import Testing
@testable import MabsLanguage

enum StatementExamples {
    /// At least one example per statement keyword (the grammar-sync test
    /// checks that), first word = keyword.
    static let all: [Example] = [
        Example("create contoso", "(create contoso)"),
        Example("create contoso edition standard units 2", "(create contoso (edition standard) (units 2))"),
        Example(#"create contoso edition premium units 2 region "West Europe""#,
                #"(create contoso (edition premium) (units 2) (region "West Europe"))"#),
        Example(#"create "svc-${i}" units $n + 1"#, #"(create (str "svc-" $i) (units (+ $n 1)))"#),
        Example("start contoso", "(start contoso)"),
        Example("start $target", "(start $target)"),
        Example(#"start "my service""#, #"(start "my service")"#),
        Example("stop contoso-dr", "(stop contoso-dr)"),
        Example("restart contoso", "(restart contoso)"),
        Example("suspend contoso", "(suspend contoso)"),
        Example("resume contoso", "(resume contoso)"),
        Example("delete contoso", "(delete contoso)"),
        Example("disable contoso", "(disable contoso)"),
        Example("enable contoso", "(enable contoso)"),
        Example("scale contoso to 4", "(scale contoso 4)"),
        Example("scale contoso to $n * 2", "(scale contoso (* $n 2))"),
        Example("update contoso set tracking = true", "(update contoso (= tracking true))"),
        Example("update contoso set tracking = true, archive-days = 30,\n  region = \"north\"",
                #"(update contoso (= tracking true) (= archive-days 30) (= region "north"))"#),
        Example("backup contoso", "(backup contoso)"),
        Example("backup contoso as nightly", "(backup contoso (as nightly))"),
        Example("restore nightly", "(restore nightly)"),
        Example("restore nightly to contoso-dr", "(restore nightly (to contoso-dr))"),
        Example("restore nightly edition premium", "(restore nightly (edition premium))"),
        Example("restore nightly to contoso-dr edition premium", "(restore nightly (to contoso-dr) (edition premium))"),
        Example("service-update contoso", "(service-update contoso)"),
        Example(#"service-update contoso to "2.1""#, #"(service-update contoso (to "2.1"))"#),
        Example("add partner fabrikam to contoso", "(add partner fabrikam contoso)"),
        Example(#"add agreement fab-x12 to contoso source "ftp://f/in""#, #"(add agreement fab-x12 contoso (source "ftp://f/in"))"#),
        Example("add Hybrid_Connections onprem to $svc", "(add hybrid-connection onprem $svc)"),
        Example("remove bridge orders from contoso", "(remove bridge orders contoso)"),
        Example("receive 5 messages on contoso", "(receive 5 contoso)"),
        Example("process batch on contoso", "(process-batch contoso)"),
        Example("process $n + 1 messages on contoso", "(process (+ $n 1) contoso)"),
        Example("show backup nightly", "(show-backup nightly)"),
        Example("show backup", "(show backup)"),
        Example("create tracking database of contoso", "(create-tracking-database contoso)"),
        Example("delete tracking database of contoso", "(delete-tracking-database contoso)"),
        Example("backup tracking database of contoso as tdb-1", "(backup-tracking-database contoso tdb-1)"),
        Example("restore tracking database tdb-1", "(restore-tracking-database tdb-1)"),
        Example("delete tracking", "(delete tracking)"),
        Example("schedule backups of contoso every 1d retain 7d", "(schedule contoso 1d 7d)"),
        Example("schedule backups of $svc every 12h retain 2d keep one", "(schedule $svc 12h 2d keep-one)"),
        Example("unschedule backups of contoso", "(unschedule contoso)"),
        Example("hold names for 10m", "(hold 10m)"),
        Example("graph", "(graph)"),
        Example("graph contoso as dot", "(graph contoso dot)"),
        Example("graph as dot", "(graph dot)"),
        Example("graph as svg to \"states.svg\"", "(graph svg (to \"states.svg\"))"),
        Example("graph to $file", "(graph (to $file))"),
        Example("graph without failures", "(graph (without failures))"),
        Example("graph contoso without delete and failures as text", "(graph contoso (without failures delete) text)"),
        Example("graph backups", "(graph backups)"),
        Example("graph contoso backups as mermaid", "(graph contoso backups mermaid)"),
        Example("graph around contoso", "(graph contoso around)"),
        Example("graph around \"Stopped\"", "(graph \"Stopped\" around)"),
        Example("graph around stop-failed as svg", "(graph (around StopFailed) svg)"),
        Example("graph around $svc", "(graph $svc around)"),
        Example("path contoso to Suspended", "(path contoso Suspended)"),
        Example("explain resume on contoso", "(explain resume contoso)"),
        Example("explain restore nightly to contoso-dr edition premium", "(explain-restore nightly (to contoso-dr) (edition premium))"),
        Example("explain restore on contoso", "(explain restore contoso)"),
        Example("compare nightly with contoso-dr", "(compare nightly (with contoso-dr))"),
        Example("create contoso tracking-server \"sql1\" tracking-database \"tracking\"",
                "(create contoso (tracking-server \"sql1\") (tracking-database \"tracking\"))"),
        Example("explore", "(explore)"),
        Example(#"save "lesson.mabsw""#, #"(save "lesson.mabsw")"#),
        Example(#"open "lesson-${n}.mabsw""#, #"(open (str "lesson-" $n ".mabsw"))"#),
        Example("table as csv", "(table csv)"),
        Example("table wide", "(table wide markdown)"),
        Example("table wide as csv", "(table wide csv)"),
        Example("fail next stop on contoso", "(fail-next stop contoso)"),
        Example("fail next update-configuration on contoso", "(fail-next update contoso)"),
        Example("fail clear", "(fail-clear)"),
        Example("fail clear stop on contoso", "(fail-clear stop (on contoso))"),
        Example("list failures", "(list-failures)"),
        Example("fail next service-update on contoso times 2", "(fail-next service-update contoso (times 2))"),
        Example("chaos 10", "(chaos 10)"),
        Example("chaos 25 seed 42", "(chaos 25 (seed 42))"),
        Example("chaos off", "(chaos-off)"),
        Example("wait 90s", "(wait 1m30s)"),
        Example("wait 1h30m", "(wait 1h30m)"),
        Example("wait $delay", "(wait $delay)"),
        Example("show contoso", "(show contoso)"),
        Example("list", "(list)"),
        Example("list backups", "(list-backups)"),
        Example("log", "(log)"),
        Example("log contoso", "(log contoso)"),
        Example("log all", "(log all)"),
        Example("log contoso last 5", "(log contoso (last 5))"),
        Example("log last $n", "(log (last $n))"),
        Example("log \"all\"", "(log \"all\")"),
        Example("trace on", "(trace-on)"),
        Example("trace off", "(trace-off)"),
        Example("assert contoso is active", "(assert (is contoso active))"),
        Example("expect error { resume contoso }", "(expect-error (block (resume contoso)))"),
        Example(#"expect error "Operation not allowed" { resume contoso }"#,
                #"(expect-error "Operation not allowed" (block (resume contoso)))"#),
        Example("expect error not-allowed { resume contoso }", "(expect-error not-allowed (block (resume contoso)))"),
        Example("expect warning batch-lost { backup contoso }", "(expect-warning batch-lost (block (backup contoso)))"),
        Example(#"expect warning "lost" { backup contoso }"#, #"(expect-warning "lost" (block (backup contoso)))"#),
        Example("expect warning { backup contoso }", "(expect-warning (block (backup contoso)))"),
        Example("expect no warning { stop contoso }", "(expect-no-warning (block (stop contoso)))"),
        Example(#"assert contoso is active, "a new service runs""#, #"(assert (is contoso active) "a new service runs")"#),
        Example(#"skip "no API yet" { assert x is active }"#, #"(skip "no API yet" (block (assert (is x active))))"#),
        Example(#"todo "a known gap" { assert 1 == 2 }"#, #"(todo "a known gap" (block (assert (== 1 2))))"#),
        Example("expect error {\n  stop contoso\n  start contoso\n}",
                "(expect-error (block (stop contoso) (start contoso)))"),
        Example("let n = 3", "(let n 3)"),
        Example("let target = contoso-dr", "(let target contoso-dr)"),
        Example(#"print "n = ${n}""#, #"(print (str "n = " $n))"#),
        Example("if $n > 1 { print 1 }", "(if (> $n 1) (block (print 1)))"),
        Example("if $a { print 1 } else { print 2 }", "(if $a (block (print 1)) (else (block (print 2))))"),
        Example("if $a { print 1 } else if $b { print 2 } else { print 3 }",
                "(if $a (block (print 1)) (elif $b (block (print 2))) (else (block (print 3))))"),
        Example("if $a {\n  print 1\n}\nelse if $b {\n  print 2\n}\n# a comment\n\nelse {\n  print 3\n}",
                "(if $a (block (print 1)) (elif $b (block (print 2))) (else (block (print 3))))"),
        Example(#"for i in 1..3 { start "svc-${i}" }"#, #"(for i (.. 1 3) (block (start (str "svc-" $i))))"#),
        Example("for s in [a, b] { stop $s }", "(for s (list a b) (block (stop $s)))"),
        Example("repeat 3 { restart contoso }", "(repeat 3 (block (restart contoso)))"),
        Example("while $n < 3 { let n = $n + 1 }", "(while (< $n 3) (block (let n (+ $n 1))))"),
        Example("def bounce(svc) { stop $svc; start $svc }", "(def bounce (svc) (block (stop $svc) (start $svc)))"),
        Example("def nothing() {\n}", "(def nothing () (block))"),
        Example("def sum(a,\n        b) { return $a + $b }", "(def sum (a b) (block (return (+ $a $b))))"),
        Example("def f() { if true { return } }", "(def f () (block (if true (block (return)))))"),
        Example("bounce(contoso)", "(call bounce contoso)"),
        Example("bounce (contoso, 2)", "(call bounce contoso 2)"),
        Example("f()", "(call f)"),
        // A statement that is exactly one call is a call statement, even for
        // built-ins; the REPL echoes a call's value when it has one.
        Example("state(contoso)", "(call state contoso)"),
        Example("state(contoso) == active", "(expr (== (call state contoso) active))"),
        Example("contoso is active", "(expr (is contoso active))"),
        Example("$n + 1", "(expr (+ $n 1))"),
        Example("not $done", "(expr (not $done))"),
        Example(#"load "setup.mabs""#, #"(load "setup.mabs")"#),
        Example("help", "(help)"),
        Example("help create", "(help create)"),
        Example("help if", "(help if)"),
        // A topic of several words is one, its words joined by spaces; a
        // function's keeps its ().
        Example("help hybrid   connections", "(help hybrid connections)"),
        Example("help state()", "(help state())"),
        Example("help state ( )", "(help state())"),
    ]
}

@Suite struct ParseStatementTests {
    @Test(arguments: StatementExamples.all)
    func statement(_ example: Example) {
        #expect(sexpr(example.source) == example.expected)
    }

    @Test func theIssueExample() {
        let source = """
            #!/usr/bin/env mabs
            create contoso edition standard units 2
            fail next stop on contoso
            stop contoso
            assert contoso is StopFailed
            assert contoso cannot suspend
            expect error "Operation not allowed" { resume contoso }
            restart contoso
            backup contoso as nightly
            delete contoso
            restore nightly to contoso-dr edition premium
            assert contoso-dr is suspended and edition(contoso-dr) == premium
            """
        #expect(sexpr(source) == """
            (create contoso (edition standard) (units 2))
            (fail-next stop contoso)
            (stop contoso)
            (assert (is contoso StopFailed))
            (assert (cannot contoso suspend))
            (expect-error "Operation not allowed" (block (resume contoso)))
            (restart contoso)
            (backup contoso (as nightly))
            (delete contoso)
            (restore nightly (to contoso-dr) (edition premium))
            (assert (and (is contoso-dr suspended) (== (call edition contoso-dr) premium)))
            """)
    }

    @Test func separatorsAndComments() {
        #expect(sexpr("start a; stop a\n\n;;  # nothing\nlist # trailing\n") == "(start a)\n(stop a)\n(list)")
    }

    @Test func keywordsAreContextual() {
        // Statement keywords are ordinary words elsewhere: services, states,
        // values and variables may be called `start`, `list` or `edition`.
        #expect(sexpr("start list") == "(start list)")
        #expect(sexpr("let start = stop") == "(let start stop)")
        #expect(sexpr("scale units to $to") == "(scale units $to)")
        #expect(sexpr("edition") == "(expr edition)")
    }

    @Test func reservedWordsAsQuotedNames() {
        #expect(sexpr(#"start "if""#) == #"(start "if")"#)
    }

    @Test func rangesCoverTheStatement() {
        let parsed = parseSource("  scale contoso to 4 # c\nstop x")
        let ranges = parsed.result.script.statements.map { parsed.file.text(of: $0.range) }
        #expect(ranges == ["scale contoso to 4", "stop x"])
    }

    @Test func namesAreInterned() {
        let parsed = parseSource("start contoso\nstop contoso")
        let names = parsed.result.script.statements.compactMap { statement -> Symbol? in
            if case .operation(_, let name) = statement.kind, case .word(let symbol) = name.kind { return symbol }
            return nil
        }
        #expect(names.count == 2 && names[0] == names[1])
        #expect(parsed.interner[names[0]] == "contoso")
    }

    @Test func elseOnTheNextLineDoesNotSwallowOtherStatements() {
        #expect(sexpr("if $a { print 1 }\n\nprint 2") == "(if $a (block (print 1)))\n(print 2)")
    }
}
