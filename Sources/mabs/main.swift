import ArgumentParser
import MabsLanguage

@main
struct Mabs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mabs",
        abstract: "Simulate the lifecycle of an Azure BizTalk Service.",
        subcommands: [Table.self]
    )
}

struct Table: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the seed's table of which operation is allowed in which state."
    )

    @Option(help: "Output format: \(SeedTableFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: SeedTableFormat = .markdown

    func run() {
        print(format.render(), terminator: "")
    }
}

extension SeedTableFormat: ExpressibleByArgument {}
