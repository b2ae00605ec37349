// A service's portal contents: kept in name order however they are added,
// looked up ignoring case, kept by backups as they were, and bounded.
@testable import Lifecycle
import Foundation
import Testing

@Suite("Portal contents")
struct ContentsTests {
    @Test("items stay in name order and are found ignoring case, through many chunks, while backups keep what was")
    func orderAndBackups() throws {
        var engine = Engine()
        _ = try engine.create("contoso", edition: .premium)
        var random = SeededRandom(state: 7)
        var model: [String: String] = [:]  // key -> name
        var backups: [(name: String, items: [String])] = []
        for step in 0..<3_000 {
            let number = random.next(900)
            let name = (random.next(2) == 0 ? "Partner-" : "partner-") + String(number)
            let key = name.lowercased()
            if model[key] == nil {
                try engine.add(.partner, named: name, to: "contoso")
                model[key] = name
            } else if random.next(3) == 0 {
                try engine.remove(.partner, named: name.uppercased(), from: "contoso")
                model[key] = nil
            } else {
                #expect(throws: LifecycleError.contentExists(.partner, name: name, service: "contoso")) {
                    try engine.add(.partner, named: name, to: "contoso")
                }
            }
            if step % 300 == 0 {
                let backup = "bk-\(step)"
                _ = try engine.backup("contoso", as: backup)
                backups.append((backup, model.keys.sorted().map { model[$0]! }))
            }
        }
        let contents = try #require(engine.service(named: "contoso")).contents
        #expect(contents.items(.partner).map(\.name) == model.keys.sorted().map { model[$0]! })
        #expect(contents.count(.partner) == model.count && contents.totalCount == model.count)
        for (key, name) in model { #expect(contents.item(.partner, named: key.uppercased())?.name == name) }
        #expect(contents.item(.partner, named: "partner-900") == nil)
        for (name, items) in backups {
            #expect(engine.backup(named: name)?.contents.items(.partner).map(\.name) == items, "\(name)")
        }
        // Saved and read, the same contents.
        let decoded = try JSONDecoder().decode(Contents.self, from: JSONEncoder().encode(contents))
        #expect(decoded == contents)
        #expect(decoded.items(.partner).map(\.name) == contents.items(.partner).map(\.name))
    }

    @Test("a service holds at most 10,000 artifacts of every kind together; the next is refused until one goes")
    func artifactLimit() throws {
        var engine = Engine()
        _ = try engine.create("contoso", edition: .premium)
        for index in 0..<Engine.maximumContentItems - 1 { try engine.add(.partner, named: "p-\(index)", to: "contoso") }
        try engine.add(.profile, named: "last-one", to: "contoso")
        #expect(engine.service(named: "contoso")?.contents.totalCount == 10_000)
        #expect(throws: LifecycleError.tooManyContentItems(service: "contoso", limit: 10_000)) {
            try engine.add(.certificate, named: "one-more", to: "contoso")
        }
        try engine.remove(.partner, named: "p-0", from: "contoso")
        try engine.add(.certificate, named: "one-more", to: "contoso")
        #expect(engine.service(named: "contoso")?.contents.count(.certificate) == 1)
    }
}
