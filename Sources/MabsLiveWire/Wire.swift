// What passes between mabs and its HTTP server library, which mabs loads
// (dlopen) only when `--live` is given: the server links Foundation and
// FlyingFox, and loading those at every start would cost every run of
// mabs its start-up time. Both sides compile this one file into their
// image, so only standard library types (strings, arrays, closures) cross,
// through one C entry point (`LiveWire.entryPoint`).

/// An HTTP request, as the server read it.
public struct WireRequest: Sendable {
    public var method: String
    /// The path, percent-decoded (`/diagram.svg`).
    public var path: String
    /// The query's items, percent-decoded, in order.
    public var query: [WireField]
    /// Every header, names as sent.
    public var headers: [WireField]
    /// The body, at most `WireServer.bodyLimit` bytes of it.
    public var body: [UInt8]
    /// The body was longer than `WireServer.bodyLimit` (said so, or sent so).
    public var bodyTooLarge: Bool

    public init(method: String, path: String, query: [WireField], headers: [WireField], body: [UInt8], bodyTooLarge: Bool) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.bodyTooLarge = bodyTooLarge
    }
}

/// A header or a query item.
public struct WireField: Sendable, Equatable {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// An HTTP response: a body, or a stream that never ends by itself
/// (Server-Sent Events).
public struct WireResponse: Sendable {
    public var status: Int
    public var headers: [WireField]
    public var body: [UInt8]
    public var stream: WireStream?

    public init(status: Int, headers: [WireField], body: [UInt8], stream: WireStream? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.stream = stream
    }
}

/// A body sent a piece at a time for as long as the client listens. The
/// server calls `open` once with a wake-up to call whenever there is more,
/// then, after each wake-up (and once at first), `next` until it answers
/// nothing; when the client goes away it calls `close`. Whoever wakes the
/// stream never waits for the client: a slow one only misses pieces.
public struct WireStream: Sendable {
    public var open: @Sendable (_ wake: @escaping @Sendable () -> Void) -> WireSubscription
    public init(open: @escaping @Sendable (_ wake: @escaping @Sendable () -> Void) -> WireSubscription) {
        self.open = open
    }
}

public struct WireSubscription: Sendable {
    public var next: @Sendable () -> [UInt8]?
    public var close: @Sendable () -> Void
    public init(next: @escaping @Sendable () -> [UInt8]?, close: @escaping @Sendable () -> Void) {
        self.next = next
        self.close = close
    }
}

/// What mabs asks of the server library: listen on 127.0.0.1:`port` (0
/// picks a free one) and hand every request to `handle`, which answers
/// once, perhaps later, through its second argument.
public struct WireServer: Sendable {
    public var port: UInt16
    public var bodyLimit: Int
    public var handle: @Sendable (WireRequest, @escaping @Sendable (WireResponse) -> Void) -> Void

    public init(port: UInt16, bodyLimit: Int, handle: @escaping @Sendable (WireRequest, @escaping @Sendable (WireResponse) -> Void) -> Void) {
        self.port = port
        self.bodyLimit = bodyLimit
        self.handle = handle
    }
}

/// What the server library answers: the port it listens on, or why it
/// cannot.
public struct WireStarted: Sendable {
    public var port: UInt16?
    public var failure: String?
    public init(port: UInt16?, failure: String?) {
        self.port = port
        self.failure = failure
    }
}

public enum LiveWire {
    /// The server library's C entry point: `(UnsafeRawPointer to a
    /// WireServer, UnsafeMutableRawPointer to an uninitialised
    /// WireStarted) -> Void`. It returns once the server listens, or
    /// cannot; the server then runs until the process ends.
    public static let entryPoint = "mabs_live_server_start"
    public typealias Entry = @convention(c) (UnsafeRawPointer, UnsafeMutableRawPointer) -> Void
    /// The library's file name, beside the `mabs` binary.
    public static let libraryName = "libMabsLiveServer.so"
}
