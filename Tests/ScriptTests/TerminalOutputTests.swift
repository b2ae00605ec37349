// Output a terminal can trust, through the real binary: whatever a script,
// a file name or a value holds, what mabs writes shows it (control and
// bidirectional formatting characters as escapes), cannot move the cursor
// or reorder a line, quotes no value at length, and points its caret at
// the place however wide the characters before it are. (What `print` and
// the reports show is in Golden/expressions/escapes.mabs.)
import Foundation
import Testing

@Suite("Output a terminal can trust")
struct TerminalOutputTests {
    /// Runs the script `bytes`, written as `name` in a fresh folder.
    private func run(_ bytes: some Sequence<UInt8>, named name: String = "hostile.mabs", _ arguments: [String] = []) throws -> MabsProcess.Result {
        let folder = try temporaryFolder("terminal")
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(bytes).write(to: folder.appendingPathComponent(name))
        return try MabsProcess.run(arguments + [name], in: folder)
    }

    private func run(_ text: String, named name: String = "hostile.mabs", _ arguments: [String] = []) throws -> MabsProcess.Result {
        try run(Array(text.utf8), named: name, arguments)
    }

    /// Whether `text` holds anything a terminal would act on rather than show.
    private func isInert(_ text: String) -> Bool {
        !text.unicodeScalars.contains { scalar in
            let value = scalar.value
            return (value < 0x20 && scalar != "\n" && scalar != "\t") || (0x7F...0x9F).contains(value)
                || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value) || value == 0x200E || value == 0x200F
        }
    }

    @Test("a source line shows its control characters as escapes, and the caret stays under the place")
    func sourceLineEscapes() throws {
        // A raw carriage return and U+202E inside a string, then a stray '@'.
        let result = try run("print \"a\rb\u{202E}c\" @\n")
        #expect(result.status == 2)
        #expect(result.stderr == """
            hostile.mabs:1:15: error: unexpected character '@'
            print "a\\rb\\u{202E}c" @
                                  ^

            """)
    }

    @Test("a comment holding an ESC sequence is escaped in the line a runtime error shows")
    func commentEscapes() throws {
        let result = try run("stop contoso # \u{1B}]0;pwned\u{7}\u{1B}[2J\n")
        #expect(result.status == 1)
        #expect(result.stderr == """
            hostile.mabs:1:1: error: there is no service named 'contoso'
            stop contoso # \\u{1B}]0;pwned\\u{7}\\u{1B}[2J
            ^~~~~~~~~~~~

            """)
    }

    @Test("the caret is placed by display width: CJK and emoji take two columns, combining marks none")
    func caretUnderWideCharacters() throws {
        // 漢字 and 😀 take two columns each; e + U+0301 is one character of one column.
        let result = try run("print \"漢字😀e\u{301}\" @\n")
        #expect(result.status == 2)
        #expect(result.stderr == """
            hostile.mabs:1:14: error: unexpected character '@'
            print "漢字😀e\u{301}" @
                            ^

            """)
        // The tildes run under the whole range, two for each wide character.
        let underlined = try run("start \"漢字ab\"\n")
        #expect(underlined.stderr == """
            hostile.mabs:1:1: error: there is no service named '漢字ab'
            start "漢字ab"
            ^\(String(repeating: "~", count: 13))

            """)
    }

    @Test("a message quotes at most 80 characters of a value, with its length: an 8 MiB name is not echoed")
    func quotedValuesAreCut() throws {
        let result = try run("let s = \"a\"\nrepeat 23 { let s = $s + $s }\ncreate $s\n")
        #expect(result.status == 1)
        let a79 = String(repeating: "a", count: 79)
        #expect(result.stderr == """
            hostile.mabs:3:1: error: '\(a79)…' (8388608 characters) is not a valid service name: a service name has 6 to 20 characters, and '\(a79)…' (8388608 characters) has 8388608
            create $s
            ^~~~~~~~~

            """)

        // What an assertion found, and words from the source, are cut too.
        let found = try run("let s = \"a\"\nrepeat 20 { let s = $s + $s }\nassert [$s] == []\n")
        #expect(found.status == 1)
        let a77 = String(repeating: "a", count: 77)
        #expect(found.stderr.contains("note: found: the left side is [\"\(a77)… (1048580 characters), the right side is []\n"), "\(found.stderr.prefix(500))")
        #expect(found.stderr.utf8.count < 1_000)
        let word = String(repeating: "x", count: 1_000_000)
        let unknown = try run(word + "\n")
        #expect(unknown.stderr.hasPrefix("hostile.mabs:1:1: error: unknown statement '\(String(repeating: "x", count: 79))…' (1000000 characters); 'help' lists the statements\n"))
        #expect(unknown.stderr.utf8.count < 1_000)
    }

    @Test("file names are escaped wherever they show: in a diagnostic's place and in mabs's own messages")
    func fileNamesAreEscaped() throws {
        let result = try run("stop contoso\n", named: "a\u{1B}[31m.mabs")
        #expect(result.stderr.hasPrefix("a\\u{1B}[31m.mabs:1:1: error: there is no service named 'contoso'\n"))
        let missing = try MabsProcess.run(["no\u{1B}[2J\u{202E}such.mabs"])
        #expect(missing == .init(stdout: "", stderr: "mabs: cannot read 'no\\u{1B}[2J\\u{202E}such.mabs': no such file or directory\n", status: 2))
    }

    @Test("a usage error quotes the option's value escaped")
    func usageErrorsEscape() throws {
        let result = try MabsProcess.run(["--format", "\u{1B}[2J\u{202E}", "-e", "print 1"])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("Error: The value '\\u{1B}[2J\\u{202E}' is invalid for '--format <format>'."), "\(result.stderr)")
    }

    @Test("a list prints its strings as literals that read back as the same list")
    func listsReadBack() throws {
        let list = #"["a\"b", "c\\d", "dollar ${"$"}{x}", "\r\u{1B}[2J\u{202E}", "tab\tnew\nline"]"#
        let printed = try run("print \(list)\n")
        #expect(printed.stdout == #"["a\"b", "c\\d", "dollar \${x}", "\r\u{1B}[2J\u{202E}", "tab\tnew\nline"]"# + "\n")
        let readBack = try run("assert \(printed.stdout.dropLast()) == \(list)\n")
        #expect(readBack == .init(stdout: "1 passed, 0 failed\n", stderr: "", status: 0))
    }

    @Test("nothing a hostile script holds reaches the terminal raw: print, reports, log, errors, TAP")
    func everyChannelIsInert() throws {
        // Raw in the comments, written with the language's escapes in the
        // string (a string may not hold ESC or BEL raw).
        let hostile = "\r\u{1B}[2J\u{7}\u{9B}\u{202E}\u{2066}"
        let script = """
            # \(hostile)
            let h = "\\r\\u{1B}[2J\\u{7}\\u{9B}\\u{202E}\\u{2066}"
            print $h
            print [$h]
            print "${h}"
            create contoso region $h
            update contoso set acs-namespace = $h
            add agreement "a1" to contoso source $h
            show contoso
            list
            log
            backup contoso as bk1
            show backup bk1
            assert $h == "x" # \(hostile)
            expect error $h { stop contoso }
            start $h
            """
        for arguments in [[], ["--format", "tap"]] {
            let result = try run(script, arguments)
            #expect(result.status == 1)
            #expect(isInert(result.stdout), "\(result.stdout.debugDescription)")
            #expect(isInert(result.stderr), "\(result.stderr.debugDescription)")
            #expect(result.stdout.contains("\\r\\u{1B}[2J\\u{7}\\u{9B}\\u{202E}\\u{2066}"))
        }
        let folder = try temporaryFolder("terminal")
        defer { try? FileManager.default.removeItem(at: folder) }
        try script.write(to: folder.appendingPathComponent("h.mabs"), atomically: true, encoding: .utf8)
        _ = try MabsProcess.run(["--junit", "report.xml", "h.mabs"], in: folder)
        let report = try String(contentsOf: folder.appendingPathComponent("report.xml"), encoding: .utf8)
        #expect(isInert(report), "\(report.debugDescription)")
        let played = try MabsProcess.run(["play", "--delay", "0", "h.mabs"], in: folder)
        #expect(isInert(played.stdout), "\(played.stdout.debugDescription)")
        #expect(played.stdout.contains("mabs> # \\r\\u{1B}[2J"))
    }
}
