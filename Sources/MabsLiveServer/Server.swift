import Dispatch
import FlyingFox
import FlyingSocks
import Foundation
import MabsLiveWire

/// The live view's HTTP server: FlyingFox on 127.0.0.1, every request
/// handed to mabs as a `WireRequest`. mabs loads this library only when
/// `--live` is given (see `LiveWire`); it decides every answer itself.
@_cdecl("mabs_live_server_start")
public func mabsLiveServerStart(_ server: UnsafeRawPointer, _ result: UnsafeMutableRawPointer) {
    let started = LiveHTTPServer.start(server.assumingMemoryBound(to: WireServer.self).pointee)
    result.bindMemory(to: WireStarted.self, capacity: 1).initialize(to: started)
}

enum LiveHTTPServer {
    /// Starts listening and returns once it does (or cannot). The server
    /// task keeps the server alive until the process ends.
    static func start(_ wire: WireServer) -> WireStarted {
        let address: sockaddr_in
        do {
            address = try .inet(ip4: "127.0.0.1", port: wire.port)
        } catch {
            return WireStarted(port: nil, failure: "\(error)")
        }
        // mabs answers within its own limits (a statement waits for the
        // prompt at most `LiveRoutes.runWait`); FlyingFox's own timeout
        // only guards against a handler that never answers.
        let config = HTTPServer.Configuration(address: address, timeout: 3600, logger: .disabled)
        let server = HTTPServer(config: config, handler: Handler(wire: wire))
        let outcome = Outcome()
        Task.detached {
            do {
                try await server.run()
            } catch {
                outcome.settle(WireStarted(port: nil, failure: Self.describe(error)))
            }
        }
        Task.detached {
            do {
                try await server.waitUntilListening(timeout: 10)
                if case .ip4(_, let port)? = await server.listeningAddress {
                    outcome.settle(WireStarted(port: port, failure: nil))
                } else {
                    outcome.settle(WireStarted(port: nil, failure: "no address"))
                }
            } catch {
                outcome.settle(WireStarted(port: nil, failure: Self.describe(error)))
            }
        }
        return outcome.wait()
    }

    /// Why a socket call failed, in the system's words (`address already in use`).
    static func describe(_ error: any Error) -> String {
        if let error = error as? SocketError, case .failed(_, _, let message) = error {
            return message.lowercased()
        }
        return "\(error)"
    }
}

/// The first answer of the two tasks above, waited for.
private final class Outcome: @unchecked Sendable {
    private let lock = NSLock()
    private let ready = DispatchSemaphore(value: 0)
    private var result: WireStarted?

    func settle(_ started: WireStarted) {
        lock.lock()
        defer { lock.unlock() }
        guard result == nil else { return }
        result = started
        ready.signal()
    }

    func wait() -> WireStarted {
        ready.wait()
        lock.lock()
        defer { lock.unlock() }
        return result!
    }
}

/// Hands each request to mabs and sends back what it answers.
private struct Handler: HTTPHandler {
    let wire: WireServer

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        var body: [UInt8] = []
        var tooLarge = false
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > wire.bodyLimit {
            tooLarge = true
        } else {
            for try await chunk in request.bodySequence {
                body.append(contentsOf: chunk)
                if body.count > wire.bodyLimit {
                    tooLarge = true
                    body = Array(body.prefix(wire.bodyLimit))
                    break
                }
            }
        }
        let asked = WireRequest(
            method: request.method.rawValue, path: request.path,
            query: request.query.map { WireField($0.name, $0.value) },
            headers: request.headers.map { WireField($0.key.rawValue, $0.value) },
            body: body, bodyTooLarge: tooLarge)
        let handle = wire.handle
        let answer: WireResponse = await withCheckedContinuation { continuation in
            handle(asked) { continuation.resume(returning: $0) }
        }
        var headers = HTTPHeaders()
        for field in answer.headers { headers.addValue(field.value, for: HTTPHeader(field.name)) }
        let status = HTTPStatusCode(answer.status, phrase: Self.phrase(answer.status))
        if let stream = answer.stream {
            return HTTPResponse(statusCode: status, headers: headers, body: HTTPBodySequence(from: StreamBytes(stream)))
        }
        return HTTPResponse(statusCode: status, headers: headers, body: Data(answer.body))
    }

    static func phrase(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 204: "No Content"
        case 303: "See Other"
        case 400: "Bad Request"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 409: "Conflict"
        case 413: "Content Too Large"
        case 415: "Unsupported Media Type"
        case 421: "Misdirected Request"
        case 429: "Too Many Requests"
        case 503: "Service Unavailable"
        default: "Error"
        }
    }
}

/// A `WireStream` as the bytes of a chunked body: waits for a wake-up,
/// then sends what `next` gives. A comment line every 15 seconds of quiet
/// finds a client that has gone, so its subscription is closed.
private struct StreamBytes: AsyncBufferedSequence, Sendable {
    typealias Element = UInt8
    let stream: WireStream

    init(_ stream: WireStream) { self.stream = stream }

    func makeAsyncIterator() -> Iterator { Iterator(stream) }

    struct Iterator: AsyncBufferedIteratorProtocol {
        typealias Buffer = [UInt8]
        private let subscription: Subscription
        private var wakes: AsyncStream<Void>.Iterator
        private var pending: [UInt8] = []
        private var started = false

        init(_ stream: WireStream) {
            let (wakes, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
            self.wakes = wakes.makeAsyncIterator()
            let heartbeat = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(nanoseconds: 15_000_000_000)
                    continuation.yield()
                }
            }
            subscription = Subscription(stream.open { continuation.yield() }, heartbeat: heartbeat, wakes: continuation)
        }

        mutating func next() async throws -> UInt8? {
            guard let buffer = try await nextBuffer(suggested: 1) else { return nil }
            return buffer.first
        }

        mutating func nextBuffer(suggested count: Int) async throws -> [UInt8]? {
            while pending.isEmpty {
                if let bytes = subscription.wire.next() {
                    pending = bytes
                    continue
                }
                if started {
                    guard await wakes.next() != nil else { return nil }
                    if let bytes = subscription.wire.next() {
                        pending = bytes
                    } else {
                        pending = Array(":\n\n".utf8)
                    }
                } else {
                    started = true
                }
            }
            let chunk = Array(pending.prefix(Swift.max(1, count)))
            pending.removeFirst(chunk.count)
            return chunk
        }
    }

    /// Closes the subscription when the response is done with it.
    final class Subscription: Sendable {
        let wire: WireSubscription
        let heartbeat: Task<Void, Never>
        let wakes: AsyncStream<Void>.Continuation

        init(_ wire: WireSubscription, heartbeat: Task<Void, Never>, wakes: AsyncStream<Void>.Continuation) {
            self.wire = wire
            self.heartbeat = heartbeat
            self.wakes = wakes
        }

        deinit {
            heartbeat.cancel()
            wakes.finish()
            wire.close()
        }
    }
}
