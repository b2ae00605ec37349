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
            #expect(FileManager.default.createFile(atPath: dir.path + "/" + name, contents: Data()))
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

    @Test("inside a string, the one candidate closes the string; several, or a directory, leave it open")
    func closingQuote() throws {
        let evaluator = LanguageEvaluator(output: CapturedOutput())
        _ = evaluator.evaluate("create Contoso")
        _ = evaluator.evaluate("create fabrikam")
        _ = evaluator.evaluate("create fabrikam-dr")
        #expect(evaluator.completions(line: "stop con", cursor: 8) == ["Contoso"])
        #expect(evaluator.completions(line: "stop \"con", cursor: 9) == ["Contoso\""])
        #expect(evaluator.completions(line: "stop \"con\"", cursor: 9) == ["Contoso"], "a quote already follows")
        #expect(evaluator.completions(line: "stop \"fab", cursor: 9) == ["fabrikam", "fabrikam-dr"])
        let dir = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.path + "/lessons", withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: dir.path + "/lessons/one.mabs", contents: Data()))
        let line = "load \"\(dir.path)/less"
        #expect(evaluator.completions(line: line, cursor: line.count) == [dir.path + "/lessons/"])
        let inside = "load \"\(dir.path)/lessons/o"
        #expect(evaluator.completions(line: inside, cursor: inside.count) == [dir.path + "/lessons/one.mabs\""])
    }

    @Test("inside a string a file name is written as the string holds it: quote, backslash and dollar escaped")
    func escapedInString() throws {
        let dir = try TemporaryDirectory()
        for name in ["q\"uote.mabs", "back\\slash.mabs", "dollar${x}.mabs"] {
            #expect(FileManager.default.createFile(atPath: dir.path + "/" + name, contents: Data()))
        }
        let evaluator = LanguageEvaluator(output: CapturedOutput())
        for (typed, inserted) in [("q", #"q\"uote.mabs""#), ("b", #"back\\slash.mabs""#), ("d", #"dollar\${x}.mabs""#)] {
            let line = "load \"\(dir.path)/\(typed)"
            #expect(evaluator.completions(line: line, cursor: line.count) == [dir.path + "/" + inserted])
        }
    }

    @Test("the common prefix of candidates ignores case and keeps the first one's spelling")
    func commonPrefixIgnoringCase() {
        #expect(commonPrefix(["Contoso", "contoso-dr"]) == "Contoso")
        #expect(commonPrefix(["stop", "StopFailed", "Stopped"]) == "stop")
        #expect(commonPrefix(["abc"]) == "abc")
        #expect(commonPrefix([]) == "")
    }
}
