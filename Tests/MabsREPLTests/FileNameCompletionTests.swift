import Foundation
import Testing
@testable import MabsREPL

@Suite("File-name completion after load")
struct FileNameCompletionTests {
    @Test("offers files and directories under the typed path, directories with a slash")
    func fileNames() throws {
        let dir = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.path + "/lessons", withIntermediateDirectories: true)
        for name in ["lessons/one.mabs", "lessons/two.mabs", "lessons/.hidden.mabs", "lesson-notes.txt"] {
            FileManager.default.createFile(atPath: dir.path + "/" + name, contents: Data())
        }
        #expect(LanguageEvaluator.fileNames(completing: dir.path + "/less") == [dir.path + "/lesson-notes.txt", dir.path + "/lessons/"])
        #expect(LanguageEvaluator.fileNames(completing: dir.path + "/lessons/") == [dir.path + "/lessons/one.mabs", dir.path + "/lessons/two.mabs"])
        #expect(LanguageEvaluator.fileNames(completing: dir.path + "/nowhere/x").isEmpty)
    }

    @Test("the evaluator asks for file names after load and for services elsewhere")
    func throughTheEvaluator() {
        let evaluator = LanguageEvaluator(useColor: false)
        _ = evaluator.evaluate("create contoso")
        #expect(evaluator.completions(line: "stop con", cursor: 8) == ["contoso"])
        #expect(evaluator.completions(line: "load \"/proc/self/stat", cursor: 21).contains("/proc/self/status"))
    }
}
