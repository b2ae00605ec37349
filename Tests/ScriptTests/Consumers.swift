import Foundation
import Testing

/// The programs CI feeds mabs's reports to: Perl's `prove`, Python's
/// `tappy` (tap.py), `tap-parser` (node-tap-parser), and xmlschema with
/// the Jenkins xunit plugin's JUnit schema. `Scripts/test` installs them
/// (`need_report_consumers` in Scripts/lib/setup.sh); a test that needs
/// one fails, saying how to get it, when it is missing.
enum Consumers {
    struct Missing: Error, CustomStringConvertible {
        var description: String
    }

    /// The repository: the folder holding Tests/.
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let install = "run Scripts/test once, which installs it, or"

    /// A program on the usual paths.
    static func program(_ name: String, package: String) throws -> URL {
        for folder in ["/usr/local/bin", "/usr/bin", "/bin"] {
            let url = URL(fileURLWithPath: folder).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        throw Missing(description: "\(name) is not installed: \(install) 'apt-get install \(package)'")
    }

    /// The test venv Scripts/test makes (`.build-venv`), or $MABS_TEST_VENV.
    static func venvProgram(_ name: String) throws -> URL {
        let venv = ProcessInfo.processInfo.environment["MABS_TEST_VENV"].map { URL(fileURLWithPath: $0) }
            ?? repository.appendingPathComponent(".build-venv")
        let url = venv.appendingPathComponent("bin").appendingPathComponent(name)
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw Missing(description: "\(url.path) is missing: \(install) 'python3 -m venv \(venv.path) && \(venv.path)/bin/pip install \"tap.py[yaml]==3.2.*\" \"xmlschema==4.*\"'")
        }
        return url
    }

    /// Runs `program` with `arguments` in `folder`, `input` on standard
    /// input, where it finds Debian's node modules (for a node that does
    /// not look there itself).
    static func run(_ program: URL, _ arguments: [String], input: String = "", in folder: URL? = nil) throws -> MabsProcess.Result {
        try MabsProcess.run(arguments, input: input, in: folder, environment: [
            "PATH": "/usr/local/bin:/usr/bin:/bin", "NODE_PATH": "/usr/share/nodejs", "LC_ALL": "C.UTF-8",
        ], program: program)
    }

    // MARK: The JUnit schema

    /// The schemas every report is checked against: the one written for
    /// mabs from the xunit plugin's rules (Tests/Fixtures/junit-report.xsd,
    /// whose `.source` says why), and the plugin's own junit-10.xsd as
    /// well when `$MABS_JUNIT_XSD` names it.
    static var junitSchemas: [URL] {
        [repository.appendingPathComponent("Tests/Fixtures/junit-report.xsd")]
            + [ProcessInfo.processInfo.environment["MABS_JUNIT_XSD"]].compactMap { $0 }.map(URL.init(fileURLWithPath:))
    }

    /// Validates a JUnit report against the schema; records why it is not
    /// valid (or why it could not be checked) as a test failure.
    static func validateJUnit(_ data: Data, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            let python = try venvProgram("python")
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("mabs-junit-\(UUID().uuidString).xml")
            try data.write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            for schema in junitSchemas {
                let result = try run(python, ["-c", "import sys, xmlschema; xmlschema.XMLSchema(sys.argv[1]).validate(sys.argv[2])",
                                              schema.path, file.path])
                #expect(result.status == 0, "the JUnit report does not validate against \(schema.lastPathComponent):\n\(result.stderr)\n\(String(decoding: data, as: UTF8.self))",
                        sourceLocation: sourceLocation)
            }
        } catch {
            Issue.record("cannot validate the JUnit report: \(error)", sourceLocation: sourceLocation)
        }
    }
}
