// swift-tools-version: 6.1
//
// mabs: a simulator of the Azure BizTalk Services lifecycle, driven by a
// small scripting language.
//
// Dependencies flow one way only:
//
//   Lifecycle  <-  MabsLanguage  <-  MabsRunner  <-  MabsREPL  <-  mabs
//
// The engine knows nothing of the language; the language knows nothing of
// terminals or files beyond what its host hands it.
import PackageDescription

let package = Package(
    name: "mabs",
    products: [
        .executable(name: "mabs", targets: ["mabs"]),
        .library(name: "Lifecycle", targets: ["Lifecycle"]),
        .library(name: "MabsLanguage", targets: ["MabsLanguage"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // The lifecycle engine: states, the seed table, operations, backups,
        // the simulated clock and the operation log. No I/O.
        .target(name: "Lifecycle"),

        // The language: lexer, parser, AST, diagnostics, interpreter.
        .target(name: "MabsLanguage", dependencies: ["Lifecycle"]),

        // libedit, through its readline-compatible API.
        .systemLibrary(
            name: "CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),

        // The batch runner: script files, standard input, `-e`, exit status.
        .target(name: "MabsRunner", dependencies: ["MabsLanguage"]),

        // The interactive REPL: line editing, history, completion. It shares
        // the runner's file loading and output streams.
        .target(name: "MabsREPL", dependencies: ["MabsLanguage", "MabsRunner", "CEditLine"]),

        // The command line: a thin ParsableCommand over the libraries.
        .executableTarget(
            name: "mabs",
            dependencies: [
                "Lifecycle", "MabsLanguage", "MabsRunner", "MabsREPL",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .testTarget(
            name: "LifecycleTests",
            dependencies: [
                "Lifecycle",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(name: "MabsLanguageTests", dependencies: ["MabsLanguage"]),
        .testTarget(name: "MabsREPLTests", dependencies: ["MabsREPL", "mabs"]),
        // Golden scripts, run through the real `mabs` binary.
        .testTarget(name: "ScriptTests", dependencies: ["mabs", "MabsLanguage"], exclude: ["Golden"]),
    ],
    swiftLanguageModes: [.v6]
)
