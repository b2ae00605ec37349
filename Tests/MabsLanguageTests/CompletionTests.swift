// What the REPL offers at the cursor.
import Lifecycle
import Testing
@testable import MabsLanguage

@Suite("Completion")
struct CompletionTests {
    /// A session with two services and a backup.
    func session() -> Session {
        let run = runScript("create contoso\ncreate fabrikam\nbackup contoso as nightly\nlet region = 1\ndef recycle(s) { stop $s }")
        return run.session
    }

    func words(_ line: String, _ session: Session) -> [String] {
        guard case .words(let words) = session.completions(line: line, cursor: line.count).candidates else { return [] }
        return words
    }

    @Test("offers statement keywords at the start of a statement")
    func keywords() {
        let session = session()
        #expect(words("re", session) == ["receive", "recycle", "region", "remove", "repeat", "restart", "restore", "resume", "return"])
        #expect(words("if true { sto", session) == ["stop"])
        #expect(words("create x; sh", session) == ["show"])
    }

    @Test("offers service names where a service goes")
    func services() {
        let session = session()
        #expect(words("stop ", session) == ["contoso", "fabrikam"])
        #expect(words("show fa", session) == ["fabrikam"])
        #expect(words("fail next stop on c", session) == ["contoso"])
        #expect(words("assert co", session) == ["contoso"])
        #expect(words("print state(", session) == ["contoso", "fabrikam"])
    }

    @Test("service names follow the workspace: each run may add or remove some, and Tab sees it")
    func serviceNamesFollowRuns() {
        let session = session()
        #expect(words("stop n", session) == [])
        for (statement, expected) in [
            ("create northwind; create Nordic-01", ["Nordic-01", "northwind"]), ("delete northwind", ["Nordic-01"]),
            ("for i in 1..3 { create \"node-${i}\" }", ["node-1", "node-2", "node-3", "Nordic-01"]),
        ] {
            let prepared = session.prepare(SourceFile(name: "<prompt>", text: statement))
            #expect(session.run(prepared) == .finished)
            #expect(words("stop n", session) == expected, "after \(statement)")
            #expect(words("stop NO", session) == expected.filter { $0.lowercased().hasPrefix("no") })
        }
        #expect(words("stop ", session).count == 6)
    }

    @Test("offers backups after restore, operations after fail next and can, states after is")
    func contextual() {
        let session = session()
        #expect(words("restore ", session) == ["nightly"])
        #expect(words("fail next s", session) == ["scale", "service-update", "start", "stop", "suspend"])
        #expect(words("assert contoso cannot res", session) == ["restart", "restore", "resume"])
        #expect(words("assert contoso is Stop", session) == ["StopFailed", "Stopped"])
        #expect(words("assert contoso is not su", session) == ["Suspended", "SuspendedFailed"])
        #expect(words("create x edition p", session) == ["premium"])
        #expect(words("update contoso set acs", session) == ["acs-key", "acs-namespace"])
        // Every topic: statements, states, editions, functions, subjects.
        #expect(words("help sta", session) == ["Standard", "StartFailed", "start", "state()", "states"])
        #expect(words("help hyb", session) == ["hybrid-connection"])
        #expect(words("table ", session) == ["as", "wide"])
        #expect(words("table wide ", session) == ["as"])
        #expect(words("table wide as ", session) == ["csv", "markdown"])
        #expect(words("trace ", session) == ["off", "on"])
        #expect(words("log contoso ", session) == ["all", "last"])
        #expect(words("print $re", session) == ["$region"])
        #expect(words("expect ", session) == ["error", "no", "warning"])
        #expect(words("expect error not-", session) == ["not-allowed", "not-processing"])
        #expect(words("expect warning control", session) == ["control-numbers-may-repeat"])
        #expect(words("expect no ", session) == ["warning"])
        #expect(words("expect no warning ", session) == [])
    }

    @Test("graph offers services and its views, what a view leaves out, states after around, formats and files")
    func graph() {
        let session = session()
        #expect(words("graph ", session) == ["contoso", "fabrikam", "around", "as", "backups", "to", "without"])
        #expect(words("graph contoso ", session) == ["as", "backups", "to", "without"])
        #expect(words("graph without ", session) == ["delete", "failures"])
        #expect(words("graph contoso without failures and ", session) == ["delete", "failures"])
        #expect(words("graph around Sto", session) == ["StopFailed", "Stopped"])
        #expect(words("graph around co", session) == ["contoso", "ConfigUpdateFailed"])
        #expect(words("graph backups as ", session) == ["dot", "mermaid", "svg", "text"])
        #expect(session.completions(line: "graph as svg to \"st", cursor: 19).candidates == .fileNames)
    }

    @Test("asks the host for file names after load")
    func files() {
        let found = session().completions(line: "load \"lib/", cursor: 10)
        #expect(found.candidates == .fileNames)
        #expect(found.partial == "lib/")
        #expect(found.inString)
    }

    @Test("names match ignoring case, as the language matches them")
    func ignoringCase() {
        let session = runScript("create Contoso\ncreate FABRIKAM-dr").session
        #expect(words("stop con", session) == ["Contoso"])
        #expect(words("stop CON", session) == ["Contoso"])
        #expect(words("show fabrikam", session) == ["FABRIKAM-dr"])
        #expect(words("STO", session) == ["stop"])
        #expect(words("assert Contoso is stop", session) == ["StopFailed", "Stopped"])
    }

    @Test("a name completes inside a string, whose quote is not part of the word")
    func insideString() {
        let session = runScript("create Contoso\nbackup Contoso as nightly").session
        let found = session.completions(line: "stop \"con", cursor: 9)
        #expect(found.partial == "con")
        #expect(found.candidates == .words(["Contoso"]))
        #expect(found.inString)
        #expect(words("create x; stop \"C", session) == ["Contoso"])
        #expect(words("restore \"n", session) == ["nightly"])
        #expect(words("print state(\"c", session) == ["Contoso"])
        #expect(words("print \"hello con", session) == [], "free text in a string is not a name")
        #expect(words("print \"${con", session) == [], "nor is an interpolation")
        let bare = session.completions(line: "stop con", cursor: 8)
        #expect(!bare.inString && bare.partial == "con")
    }
}
