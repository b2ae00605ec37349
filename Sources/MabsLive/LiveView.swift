#if canImport(Glibc)
import Glibc
#endif
import Lifecycle
import MabsHost
import MabsLanguage
import MabsLiveWire
import MabsPresentation

/// The live view of one session (`--live`): an HTTP server on 127.0.0.1
/// that shows the session in a browser as it goes. The host starts it
/// before the first prompt or entry, prints `address`, and hands it to the
/// REPL or the play as their `SessionWatcher` (and, at the REPL, as the
/// source of posted statements).
///
/// Threads: the session's thread calls the watcher methods and `take`; the
/// server's threads answer requests from the snapshot the last entry left
/// (`LiveHub`), so neither ever waits for the other.
public final class LiveView: SessionWatcher, PostedStatements {
    public enum Mode: Sendable {
        /// The REPL: statements may be posted.
        case repl
        /// `mabs play`: the page watches; `POST /run` answers 409.
        case play
    }

    /// `http://127.0.0.1:PORT/?token=TOKEN`: what to open.
    public let address: String
    public let port: Int
    private let hub: LiveHub
    /// The warnings of this session so far (the last few), rendered as
    /// the terminal shows them; touched on the session's thread only.
    private var warnings: [String] = []

    private init(hub: LiveHub, port: Int, token: String) {
        self.hub = hub
        self.port = port
        address = "http://127.0.0.1:\(port)/?token=\(token)"
    }

    /// Loads the server library from beside the running binary, starts it
    /// on 127.0.0.1:`port` (0: a free one) and returns the view; or says
    /// why it cannot (a usage error: mabs then stops before anything runs).
    public static func start(port: Int, mode: Mode) -> Result<LiveView, LiveMessage> {
        let library = ServerLibrary.path
        let entry: LiveWire.Entry
        switch ServerLibrary.load(library) {
        case .success(let found): entry = found
        case .failure(let failure): return .failure(.serverUnavailable(path: library, reason: failure.reason))
        }
        let token = LiveRoutes.randomHex(bytes: 24)
        let hub = LiveHub(acceptsStatements: mode == .repl)
        // The port is known once the server listens; the routes read it
        // from the first request on.
        let routes = PortBox()
        let server = WireServer(port: UInt16(port), bodyLimit: LiveRoutes.bodyLimit) { request, reply in
            LiveRoutes(hub: hub, token: token, port: routes.port).handle(request, reply: reply)
        }
        // The library fills in `result`; it returns once it listens, or cannot.
        let result = UnsafeMutablePointer<WireStarted>.allocate(capacity: 1)
        defer { result.deallocate() }
        withUnsafePointer(to: server) { entry(UnsafeRawPointer($0), UnsafeMutableRawPointer(result)) }
        let started = result.move()
        guard let bound = started.port else {
            return .failure(.cannotListen(port: port, reason: started.failure ?? "unknown"))
        }
        routes.set(Int(bound))
        return .success(LiveView(hub: hub, port: Int(bound), token: token))
    }

    // MARK: SessionWatcher

    public func wrote(_ text: String) {}

    public func reported(_ diagnostic: Diagnostic) {
        guard diagnostic.severity == .warning else { return }
        warnings.append(DiagnosticRenderer(useColor: false, typedInputName: diagnostic.file.name).render(diagnostic))
        if warnings.count > LiveState.warningLimit { warnings.removeFirst(warnings.count - LiveState.warningLimit) }
    }

    public func entryFinished(_ session: Session, shown: String?) {
        hub.publish(engine: session.engine, warnings: warnings, lastEntry: shown)
    }

    // MARK: PostedStatements

    public var wakeDescriptor: Int32 { hub.wakeRead }

    public func take() -> PostedStatement? {
        guard let waiting = hub.take() else { return nil }
        return PostedStatement(source: waiting.source) { outcome in waiting.answer(outcome) }
    }
}

/// The port, set once the server listens (requests arrive only after).
private final class PortBox: @unchecked Sendable {
    private var value = 0
    private var lock = pthread_mutex_t()
    init() { pthread_mutex_init(&lock, nil) }
    var port: Int {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        return value
    }
    func set(_ port: Int) {
        pthread_mutex_lock(&lock)
        value = port
        pthread_mutex_unlock(&lock)
    }
}

/// The server library (`LiveWire.libraryName`), beside the running
/// binary, loaded with `dlopen` only when `--live` is given.
enum ServerLibrary {
    static var path: String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        let executable = count > 0 ? String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0]
        let folder = executable.lastIndex(of: "/").map { String(executable[..<$0]) } ?? "."
        return folder + "/" + LiveWire.libraryName
    }

    struct Failure: Error { var reason: String }

    static func load(_ path: String) -> Result<LiveWire.Entry, Failure> {
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            let reason = dlerror().map { String(cString: $0) } ?? "cannot be loaded"
            // dlerror names the path first; say only why.
            return .failure(Failure(reason: reason.hasPrefix(path + ": ") ? String(reason.dropFirst(path.count + 2)) : reason))
        }
        guard let symbol = dlsym(handle, LiveWire.entryPoint) else {
            return .failure(Failure(reason: "it has no \(LiveWire.entryPoint)"))
        }
        return .success(unsafeBitCast(symbol, to: LiveWire.Entry.self))
    }
}

extension LiveView {
    /// Starts the live view as `--live=VALUE` asks and says where it is
    /// (one line, on standard output when that is a terminal, else on
    /// standard error, so piped output stays the session's); or says why
    /// not, on standard error, and returns nil: a usage error.
    public static func start(option value: String, mode: Mode) -> LiveView? {
        let started = LiveArguments.port(value).flatMap { start(port: $0, mode: mode) }
        switch started {
        case .success(let view):
            writeAll(isatty(STDOUT_FILENO) == 1 ? STDOUT_FILENO : STDERR_FILENO, LiveMessage.address(view.address).text + "\n")
            return view
        case .failure(let message):
            writeAll(STDERR_FILENO, "mabs: " + TerminalText.escaped(message.text) + "\n")
            return nil
        }
    }
}
