// swift-tools-version: 6.1
//
// mabs: a simulator of the Azure BizTalk Services lifecycle, driven by a
// small scripting language.
//
// Dependencies flow one way only:
//
//   Lifecycle  <-  MabsPresentation  <-  MabsLanguage  <-  MabsHost  <-  MabsRunner, MabsREPL, MabsLive  <-  mabs
//
// (MabsLiveServer, the live view's sockets, is a library of its own that
// `mabs --live` loads at run time; see MabsLiveWire.)
//
// The engine knows nothing of the language; presentation (tables, reports)
// knows only the engine; the language knows nothing of terminals or files
// beyond what its host hands it; everything that touches a descriptor, a
// file or the terminal lives in MabsHost.
import PackageDescription

let package = Package(
    name: "mabs",
    products: [
        .executable(name: "mabs", targets: ["mabs"]),
        // What Scripts/bench times inside one process (completion at the
        // prompt with many services).
        .executable(name: "mabs-bench", targets: ["MabsBench"]),
        .library(name: "Lifecycle", targets: ["Lifecycle"]),
        .library(name: "MabsLanguage", targets: ["MabsLanguage"]),
        // The live view's HTTP server, loaded by `mabs --live` from beside
        // the binary.
        .library(name: "MabsLiveServer", type: .dynamic, targets: ["MabsLiveServer"]),
        // The libFuzzer target over the language (Scripts/fuzz builds it).
        .executable(name: "mabs-fuzz", targets: ["MabsFuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
    ],
    targets: [
        // The lifecycle engine: states, the seed table, operations, backups,
        // the simulated clock and the operation log. No I/O.
        .target(name: "Lifecycle"),

        // What people read about the engine: the seed table printed, the
        // show/list/log reports. Depends on the engine only.
        .target(name: "MabsPresentation", dependencies: ["Lifecycle"]),

        // The language: vocabulary, lexer, parser, AST, checker, diagnostics,
        // interpreter, and the workspace that is its one front door.
        .target(
            name: "MabsLanguage", dependencies: ["Lifecycle", "MabsPresentation"],
            // The interpreter is a class whose state every step reads and
            // writes; in release builds the run-time exclusivity checks on
            // that state cost about a tenth of a loop's time. Debug builds,
            // which the tests run, keep checking.
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
        ),

        // The host: standard streams, reading files, the terminal's
        // capabilities, signals. The only place that does I/O.
        .target(name: "MabsHost", dependencies: ["MabsLanguage"]),

        // libedit, through its readline-compatible API.
        .systemLibrary(
            name: "CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),

        // The batch runner: script files, standard input, `-e`, exit status.
        // Its reports count every check the interpreter makes, in the
        // check's own step; as there, release builds drop the run-time
        // exclusivity checks (a twentieth of an assert loop's time).
        .target(
            name: "MabsRunner", dependencies: ["MabsLanguage", "MabsHost"],
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
        ),

        // The interactive REPL: line editing, history, completion. It shares
        // the host's streams and file loading.
        .target(name: "MabsREPL", dependencies: ["MabsLanguage", "MabsHost", "CEditLine"]),

        // The live view (`--live`): the session shown in a browser. What
        // the page, its JSON and its security checks are lives here; the
        // sockets live in MabsLiveServer, a library mabs loads only when
        // `--live` is given (FlyingFox links Foundation, whose loading
        // would cost every run its start-up). The two meet in MabsLiveWire,
        // standard library types only.
        .target(name: "MabsLiveWire"),
        .target(name: "MabsLive", dependencies: ["Lifecycle", "MabsPresentation", "MabsLanguage", "MabsHost", "MabsLiveWire"]),
        .target(name: "MabsLiveServer", dependencies: ["MabsLiveWire", .product(name: "FlyingFox", package: "FlyingFox")]),

        // The command line: a thin ParsableCommand over the libraries.
        .executableTarget(
            name: "mabs",
            dependencies: [
                "Lifecycle", "MabsPresentation", "MabsLanguage", "MabsHost", "MabsRunner", "MabsREPL", "MabsLive",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // main.swift holds `@main` beside other files (Manual.swift).
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),

        // Scripts/bench's in-process timer, and the engine's own.
        .executableTarget(name: "MabsBench", dependencies: ["Lifecycle", "MabsLanguage"]),

        // libFuzzer's entry point over the language: each input runs as a
        // script, in memory (or, from a '{', is opened as a workspace file).
        // Scripts/fuzz builds it with -sanitize=fuzzer and -D FUZZING;
        // otherwise it replays files given as arguments.
        .executableTarget(name: "MabsFuzz", dependencies: ["Lifecycle", "MabsLanguage", "MabsHost"]),

        .testTarget(name: "LifecycleTests", dependencies: ["Lifecycle"]),
        // The pictures: the designed layout checked for overlaps.
        .testTarget(name: "MabsPresentationTests", dependencies: ["MabsPresentation", "Lifecycle", "MabsLanguage"]),
        // With the oracle: random scripts checked against a simple model.
        .testTarget(
            name: "MabsLanguageTests",
            dependencies: [
                "MabsLanguage",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(name: "MabsREPLTests", dependencies: ["MabsREPL", "MabsHost", "mabs"]),
        // Golden scripts, run through the real `mabs` binary.
        .testTarget(name: "ScriptTests", dependencies: ["mabs", "MabsLanguage"], exclude: ["Golden"]),
    ],
    swiftLanguageModes: [.v6]
)
