// Workspace files that are nearly right: byte mutations of a JSON file
// mostly break its syntax, and a file that does not decode never reaches
// the checks behind `open` or what runs after them. An input that starts
// with 0xFF (a byte no script may hold) is instead a list of edits to a
// workspace that a script made, each replacing, removing, copying or
// renaming one of its values with one at a limit (Int.max, -1, 2^53, a
// name with control characters, ...). The edited file then goes through
// `runWorkspaceHarness` as any workspace input does.
import Foundation
import MabsLanguage

/// The first byte of an edit-list input.
let workspaceEditsMarker: UInt8 = 0xFF

/// What the edits start from: a workspace with one of everything, made
/// by running a script (so it follows the engine as it changes), as JSON.
nonisolated(unsafe) let editBase: Any = {
    let setup = """
        create contoso edition premium units 2
        create fabrikam edition basic
        create devbox01 edition developer
        update contoso set tracking-database = "db", acs-namespace = "ns", acs-key = "\(SecretWatch.secret)"
        create tracking database of contoso
        process 2 messages on contoso
        receive 1 message on contoso
        add bridge b1 to contoso
        add agreement a1 to contoso source "ftp://x"
        add hybrid-connection h1 to contoso
        backup contoso as nightly
        backup tracking database of contoso as tdb
        schedule backups of contoso every 1h retain 1d keep one
        fail next stop on Contoso times 3
        create deleted1
        delete deleted1
        chaos 10 seed 4
        let l = [1, "a", 2s, now(), 1..3, [true]]
        let k = setting(contoso, acs-key)
        def f(x) { return $x }
        save "base.mabsw"
        """
    let workspaces = MemoryWorkspaces()
    let session = Session(output: DiscardingOutput(keep: false, watch: SecretWatch(input: [])), workspaces: workspaces)
    session.run(session.prepare(SourceFile(name: "base.mabs", text: setup)))
    // Written as the workspace writer writes it: secrets and all.
    let encoder = JSONEncoder()
    encoder.userInfo[WorkspaceSnapshot.keepsSecrets] = true
    let data = try! encoder.encode(workspaces.saved["base.mabsw"]!)
    return try! JSONSerialization.jsonObject(with: data)
}()

/// Values at the limits the checks guard.
private let interestingNumbers: [Int] = [
    0, 1, -1, 2, 3, 8, 9, 25, 26, 3600, 86_400, -86_400, 1_000_000, 1_000_001, 1_000_000_000, 1_000_000_001,
    1_478_595_599, 1_478_595_600, 1_478_599_200, 1 << 53, (1 << 53) + 1, (1 << 53) + 2, Int.max, Int.max - 1, Int.min, Int.min + 1,
]
private let interestingTexts: [String] = [
    "", " ", "contoso", "Contoso", "CONTOSO", "fabrikam", "deleted1", "nightly", "Nightly", "tdb", "db", "a1", "b1", "h1",
    "ab", "a--b", "-x", "9abcdefg", "cont\u{1B}[2Joso", "x\u{0}y", "\u{202E}evil", "ftp://x", "acs-key", "1.0",
    String(repeating: "n", count: 21), String(repeating: "b", count: 81), "état-service",
]

/// One step into a JSON value: a key of an object or a position in an array.
private enum Step { case key(String), index(Int) }

/// Every path into `value`, the value itself first, objects' keys in order.
private func paths(_ value: Any, _ prefix: [Step] = [], into result: inout [[Step]]) {
    result.append(prefix)
    if let object = value as? [String: Any] {
        for key in object.keys.sorted() { paths(object[key]!, prefix + [.key(key)], into: &result) }
    } else if let array = value as? [Any] {
        for index in array.indices { paths(array[index], prefix + [.index(index)], into: &result) }
    }
}

/// `value` with the node at `path`'s parent changed by `edit`, which gets
/// the parent and the last step.
private func editing(_ value: Any, at path: ArraySlice<Step>, _ edit: (Any, Step) -> Any) -> Any {
    guard let first = path.first else { return value }
    if path.count == 1 { return edit(value, first) }
    switch first {
    case .key(let key):
        guard var object = value as? [String: Any], let child = object[key] else { return value }
        object[key] = editing(child, at: path.dropFirst(), edit)
        return object
    case .index(let index):
        guard var array = value as? [Any], array.indices.contains(index) else { return value }
        array[index] = editing(array[index], at: path.dropFirst(), edit)
        return array
    }
}

/// The base workspace after the edits `bytes` (after the marker) name, as
/// a file's bytes: each edit is three bytes, which node, what to do, and
/// with which value. A number or a text is replaced (by one of the same
/// kind, mostly); an object's member is renamed, copied under another
/// name or removed; an array's item is repeated or removed.
func editedWorkspace(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
    var workspace = editBase
    var rest = bytes
    while rest.count >= 3 {
        let (which, what, with) = (Int(rest[rest.startIndex]), Int(rest[rest.startIndex + 1]), Int(rest[rest.startIndex + 2]))
        rest = rest.dropFirst(3)
        var all: [[Step]] = []
        paths(workspace, into: &all)
        let path = all.dropFirst()[(which % (all.count - 1)) + 1]
        let number = interestingNumbers[with % interestingNumbers.count]
        let text = interestingTexts[with % interestingTexts.count]
        workspace = editing(workspace, at: path[...]) { parent, step in
            // Mostly a value of the same kind, so the file still decodes and
            // the checks behind it are what is tried.
            func replacement(for node: Any) -> Any? {
                switch node {
                case is Bool: nil
                case is NSNumber where what % 8 != 7: number
                case is String where what % 8 != 7: text
                case is NSNumber: text
                case is String: number
                default: nil
                }
            }
            switch (parent, step) {
            case (var object as [String: Any], .key(let key)):
                if let node = object[key], let new = replacement(for: node) {
                    object[key] = new
                } else {
                    switch what % 3 {
                    case 0: object[text] = object.removeValue(forKey: key)
                    case 1: object[text] = object[key]
                    default: object[key] = nil
                    }
                }
                return object
            case (var array as [Any], .index(let index)):
                if let new = replacement(for: array[index]) {
                    array[index] = new
                } else {
                    switch what % 3 {
                    case 0: array.append(array[index])
                    case 1: array.insert(array[index], at: index)
                    default: array.remove(at: index)
                    }
                }
                return array
            default:
                return parent
            }
        }
    }
    return Array((try? JSONSerialization.data(withJSONObject: workspace)) ?? Data())
}
