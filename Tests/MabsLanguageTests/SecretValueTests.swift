// A secret as a value: whatever a program does with it by accident
// (describe it, dump it, encode it, describe what holds it), its text does
// not come out. The channels a user meets are tested through the binary
// in SecretChannelsTests.
import Foundation
import Lifecycle
import Testing
@testable import MabsLanguage

@Suite("Secret values")
struct SecretValueTests {
    static let text = "hunter2-Qz7"

    /// A workspace holding the secret twice: in a service's setting and in
    /// a variable.
    func workspace() throws -> Session {
        let session = Session(output: CapturedOutput())
        let file = SourceFile(name: "test.mabs", text: """
            create contoso
            update contoso set acs-key = "\(Self.text)"
            let k = setting(contoso, acs-key)
            """)
        let prepared = session.prepare(file)
        #expect(!prepared.hasErrors)
        #expect(session.run(prepared) == .finished)
        return session
    }

    @Test("describing, reflecting or dumping a secret, a value holding one, or a workspace holding one in a setting and a variable, never gives its text")
    func noText() throws {
        let secret = Value.secret(Secret(Self.text))
        var dumped = ""
        dump(secret, to: &dumped)
        let session = try workspace()
        let snapshot = session.snapshot()
        var dumpedSnapshot = ""
        dump(snapshot, to: &dumpedSnapshot)
        for text in [
            String(describing: secret), String(reflecting: secret), "\(secret)", secret.literal, dumped,
            String(describing: Value.list(ListItems([secret]))), String(describing: snapshot), dumpedSnapshot,
        ] {
            #expect(!text.contains(Self.text), "\(text)")
        }
        #expect(String(describing: secret) == "(secret)")
        #expect(String(describing: Secret(Self.text)) == "MabsLanguage.Secret")
    }

    @Test("a secret encodes only for the workspace writer; other encoders fail without its text")
    func encodesOnlyForTheWorkspace() throws {
        let snapshot = try workspace().snapshot()
        #expect(throws: EncodingError.self) { try JSONEncoder().encode(snapshot) }
        do {
            _ = try JSONEncoder().encode(snapshot)
        } catch {
            #expect(!"\(error)".contains(Self.text), "the error shows the secret: \(error)")
        }
        let writer = JSONEncoder()
        writer.userInfo[WorkspaceSnapshot.keepsSecrets] = true
        let saved = String(decoding: try writer.encode(snapshot), as: UTF8.self)
        #expect(saved.components(separatedBy: Self.text).count == 3, "the setting and the variable: \(saved)")
        let reopened = try JSONDecoder().decode(WorkspaceSnapshot.self, from: Data(saved.utf8))
        #expect(reopened.variables["k"] == .secret(Secret(Self.text)))
    }
}
