import Foundation
import Synchronization
import Testing
@testable import MabsREPL

@Suite("HistoryStore")
struct HistoryStoreTests {
    @Test("MABS_HISTORY wins over XDG_STATE_HOME and HOME")
    func explicitPathWins() {
        let env = ["MABS_HISTORY": "/tmp/h", "XDG_STATE_HOME": "/state", "HOME": "/home/u"]
        #expect(HistoryStore.resolvePath(environment: env, homeDirectory: "/pw") == "/tmp/h")
    }

    @Test("XDG_STATE_HOME is next, then HOME, then the password database")
    func fallbacks() {
        #expect(HistoryStore.resolvePath(environment: ["XDG_STATE_HOME": "/state", "HOME": "/home/u"], homeDirectory: nil)
            == "/state/mabs/history")
        #expect(HistoryStore.resolvePath(environment: ["XDG_STATE_HOME": "/state/", "HOME": "/home/u"], homeDirectory: nil)
            == "/state/mabs/history")
        #expect(HistoryStore.resolvePath(environment: ["HOME": "/home/u"], homeDirectory: "/pw")
            == "/home/u/.local/state/mabs/history")
        #expect(HistoryStore.resolvePath(environment: [:], homeDirectory: "/pw") == "/pw/.local/state/mabs/history")
        #expect(HistoryStore.resolvePath(environment: [:], homeDirectory: nil) == nil)
    }

    @Test("empty variables and a relative XDG_STATE_HOME count as unset")
    func emptyAndRelative() {
        let env = ["MABS_HISTORY": "", "XDG_STATE_HOME": "relative/state", "HOME": "/home/u"]
        #expect(HistoryStore.resolvePath(environment: env, homeDirectory: nil) == "/home/u/.local/state/mabs/history")
    }

    @Test("consecutive duplicates and blank entries are not stored")
    func dedupe() {
        var store = HistoryStore(path: "/unused")
        var stored: [Bool] = []
        for entry in ["a", "a", "b", "a", "   ", ""] {
            stored.append(store.append(entry))
        }
        #expect(stored == [true, false, true, true, false, false])
        #expect(store.entries == ["a", "b", "a"])
    }

    @Test("at most 1000 entries are kept, the oldest dropped first")
    func cap() throws {
        let dir = try TemporaryDirectory()
        var store = HistoryStore(path: dir.path + "/history")
        for i in 0..<1005 { store.append("entry \(i)") }
        #expect(store.entries.count == 1000)
        #expect(store.entries.first == "entry 5")
        #expect(store.entries.last == "entry 1004")
        try store.save()
        var reloaded = HistoryStore(path: store.path)
        try reloaded.load()
        #expect(reloaded.entries == store.entries)
    }

    @Test("multi-line entries, backslashes and CR survive the file")
    func roundTrip() throws {
        let dir = try TemporaryDirectory()
        let entries = ["deploy x {\n  wait 5\n}", #"path "C:\new\table""#, "a\\nb literal", "cr\r\nlf", "ünïcödé ✓", "\\", "#mabs-history v1"]
        var store = HistoryStore(path: dir.path + "/history")
        for entry in entries { store.append(entry) }
        try store.save()
        let text = try String(contentsOfFile: store.path, encoding: .utf8)
        #expect(text.split(separator: "\n").count == entries.count + 1, "one line per entry plus the header")
        var reloaded = HistoryStore(path: store.path)
        try reloaded.load()
        #expect(reloaded.entries == entries)
    }

    @Test("a history path that is a symbolic link stays a link; the file it points to is updated")
    func symbolicLink() throws {
        let dir = try TemporaryDirectory()
        let target = dir.path + "/real-history"
        var first = HistoryStore(path: target)
        first.append("one")
        try first.save()
        let link = dir.path + "/link"
        #expect(symlink(target, link) == 0)
        var store = HistoryStore(path: link)
        try store.load()
        store.append("two")
        try store.save()
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
        var reloaded = HistoryStore(path: target)
        try reloaded.load()
        #expect(reloaded.entries == ["one", "two"])
    }

    @Test("the file is created with mode 0600 in new 0700 directories, and stays 0600")
    func permissions() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path + "/state/mabs/history"
        var store = HistoryStore(path: path)
        store.append("one")
        try store.save()
        #expect(try mode(of: path) == 0o600)
        #expect(try mode(of: dir.path + "/state/mabs") == 0o700)
        chmod(path, 0o644)
        store.append("two")
        try store.save()
        #expect(try mode(of: path) == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path + "/state/mabs") == ["history"],
                "no temporary file is left behind")
    }

    @Test("sessions saving at once take turns: nothing is lost, no line is torn")
    func concurrentSaves() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path + "/history"
        // Each session has its own descriptors, so its lock contends with
        // the other's exactly as another process's would.
        let sessions = ["left", "right"]
        let group = DispatchGroup()
        let failures = Mutex<[String]>([])
        for name in sessions {
            DispatchQueue.global().async(group: group) {
                var store = HistoryStore(path: path)
                for i in 0..<60 {
                    store.append("print \"\(name) \(i) \(String(repeating: name, count: 100))\"")
                    do { try store.save() } catch { failures.withLock { $0.append("\(error)") } }
                }
            }
        }
        group.wait()
        #expect(failures.withLock { $0 }.isEmpty)
        var reloaded = HistoryStore(path: path)
        try reloaded.load()
        for name in sessions {
            let own = reloaded.entries.filter { $0.hasPrefix("print \"\(name) ") }
            #expect(own == (0..<60).map { "print \"\(name) \($0) \(String(repeating: name, count: 100))\"" }, "every entry of \(name), in order")
        }
        #expect(reloaded.entries.count == 120)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "#mabs-history v1")
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("print \"") && $0.hasSuffix("\"") }, "no torn line")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["history"])
    }

    @Test("a save keeps what another session saved since this one loaded")
    func mergesOnSave() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path + "/history"
        var first = HistoryStore(path: path), second = HistoryStore(path: path)
        try first.load()
        try second.load()
        first.append("create contoso")
        try first.save()
        second.append("list")
        try second.save()
        first.append("stop contoso")
        try first.save()
        var reloaded = HistoryStore(path: path)
        try reloaded.load()
        #expect(reloaded.entries == ["create contoso", "list", "stop contoso"])
    }

    @Test("a missing file is an empty history")
    func missingFile() throws {
        let dir = try TemporaryDirectory()
        var store = HistoryStore(path: dir.path + "/nothing/here")
        try store.load()
        #expect(store.entries.isEmpty)
    }

    @Test("a file that is not a mabs history is refused, and left byte for byte as it was")
    func foreignFile() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path + "/notes"
        let original = "my notes\n#mabs-history v1\nstop contoso\n"
        try original.write(toFile: path, atomically: true, encoding: .utf8)
        var store = HistoryStore(path: path)
        do {
            try store.load()
            Issue.record("load should refuse a file that is not a mabs history")
        } catch {
            #expect(error.description == "history file \(path): not a mabs history (its first line is not '#mabs-history v1'), so it is left as it is")
        }
        #expect(store.entries.isEmpty)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == original)
    }

    @Test("an empty file is adopted; a header with CRLF is a mabs history")
    func emptyAndCRLF() throws {
        let dir = try TemporaryDirectory()
        FileManager.default.createFile(atPath: dir.path + "/empty", contents: Data())
        var empty = HistoryStore(path: dir.path + "/empty")
        try empty.load()
        #expect(empty.entries.isEmpty)
        try "#mabs-history v1\r\nlist\r\n".write(toFile: dir.path + "/crlf", atomically: true, encoding: .utf8)
        var crlf = HistoryStore(path: dir.path + "/crlf")
        try crlf.load()
        #expect(crlf.entries == ["list"])
    }

    @Test("unreadable and unwritable files are reported as errors naming the file")
    func failures() throws {
        let dir = try TemporaryDirectory()
        // A directory where the file should be: reading fails.
        try FileManager.default.createDirectory(atPath: dir.path + "/isdir", withIntermediateDirectories: true)
        var unreadable = HistoryStore(path: dir.path + "/isdir")
        do {
            try unreadable.load()
            Issue.record("load should fail")
        } catch {
            #expect(error.reason.hasPrefix("cannot read"))
        }
        // A regular file where a directory should be: writing fails.
        _ = FileManager.default.createFile(atPath: dir.path + "/file", contents: Data())
        var unwritable = HistoryStore(path: dir.path + "/file/history")
        do {
            try unwritable.save()
            Issue.record("save should fail")
        } catch {
            #expect(error.description.hasPrefix("history file \(dir.path)/file/history: cannot create directory"))
        }
    }
}

func mode(of path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return (attributes[.posixPermissions] as! NSNumber).intValue & 0o777
}

/// A fresh directory under /tmp, removed on deinit.
final class TemporaryDirectory {
    let path: String

    init() throws {
        var template = Array("/tmp/mabs-test-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw CocoaError(.fileWriteUnknown)
        }
        path = String(cString: made)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}
