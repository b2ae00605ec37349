import Foundation
import Testing

/// No user's file is overwritten or lost: the files a run reads and writes
/// are told apart as files (through links, hard links and `./`), links are
/// followed to where they point, only regular files are read (never
/// waiting on a pipe), a file is read once, names need not be UTF-8, and
/// options take what the statements take.
@Suite("Files a run reads and writes")
struct FileTrustTests {
    // MARK: Options take what statements take

    @Test("an option takes what its statement takes, and refuses the rest in the statement's words, before anything runs")
    func optionsAsStatements() throws {
        let usage = "\nUsage: mabs run [<options>] [<file> ...]\n  See 'mabs run --help' for more information.\n"
        for (arguments, message) in [
            (["--seed", "-1"], "--seed: a chaos seed is a whole number from 0 up, not -1"),
            (["--seed", "many"], "--seed: 'seed' needs a number, found \"many\""),
            (["--name-hold", ""], "--name-hold: 'hold names for' needs a duration such as 90s, 30m, 2h or 1d, found \"\""),
            (["--name-hold", "0"], "--name-hold: 'hold names for' needs a duration such as 90s, 30m, 2h or 1d, found 0"),
            (["--name-hold", "-5m"], "--name-hold: a name cannot be held for -5m; hold names for 0s or longer"),
        ] {
            let result = try MabsProcess.run(arguments + ["-e", "print 1"])
            #expect(result == .init(stdout: "", stderr: "Error: \(message)" + usage, status: 2), "\(arguments)")
        }
        let statement = try MabsProcess.run(["-e", "hold names for 0"])
        #expect(statement.stderr.hasPrefix("<command line>:1:16: error: 'hold names for' needs a duration such as 90s, 30m, 2h or 1d, found 0\n"))
        // What the statements take, the options take.
        let held = try MabsProcess.run(["--name-hold", "0s", "--seed", "0", "-e", "create contoso; delete contoso; create contoso; print 1"])
        #expect(held == .init(stdout: "1\n", stderr: "", status: 0))
    }
}
