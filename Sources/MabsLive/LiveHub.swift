#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Lifecycle
import MabsHost
import MabsLanguage
import Synchronization

/// What the session's thread and the server's threads share, behind one
/// lock: the latest snapshot, the pages following `/events`, and the
/// statements posted to the prompt. The session's thread only ever takes
/// the lock for a moment: it never waits for a client.
final class LiveHub: Sendable {
    /// A statement waiting for the prompt.
    struct Waiting: Sendable {
        var id: Int
        var source: String
        var answer: @Sendable (PostedOutcome?) -> Void
    }

    /// A page following `/events`: its wake-up, and the last snapshot it was sent.
    struct Listener: Sendable {
        var wake: @Sendable () -> Void
        var sent: Int
    }

    private struct State: Sendable {
        var snapshot = LiveSnapshot()
        var json: (sequence: Int, text: String)?
        var listeners: [Int: Listener] = [:]
        var waiting: [Waiting] = []
        var nextID = 0
        var bucket = RateBucket()
    }

    private let state = Mutex(State())
    /// The self-pipe: a byte is written for each statement posted; the
    /// REPL watches the read end beside the keyboard.
    let wakeRead: Int32
    private let wakeWrite: Int32

    static let listenerLimit = 32
    static let waitingLimit = 8

    init(acceptsStatements: Bool) {
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) == 0 {
            for fd in fds {
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            }
        }
        wakeRead = fds[0]
        wakeWrite = fds[1]
        state.withLock { $0.snapshot.acceptsStatements = acceptsStatements }
    }

    // MARK: The session's side

    /// A new snapshot: every page following `/events` is woken.
    func publish(engine: Engine, warnings: [String], lastEntry: String?) {
        let wakes = state.withLock { state -> [@Sendable () -> Void] in
            state.snapshot.sequence += 1
            state.snapshot.engine = engine
            state.snapshot.warnings = warnings
            if let lastEntry { state.snapshot.lastEntry = lastEntry }
            return state.listeners.values.map(\.wake)
        }
        for wake in wakes { wake() }
    }

    /// The next statement waiting, taken: the prompt runs it now. The pipe
    /// is emptied once none is left.
    func take() -> Waiting? {
        state.withLock { state in
            guard !state.waiting.isEmpty else {
                drainPipe()
                return nil
            }
            let first = state.waiting.removeFirst()
            if state.waiting.isEmpty { drainPipe() }
            return first
        }
    }

    private func drainPipe() {
        var bytes = [UInt8](repeating: 0, count: 64)
        while read(wakeRead, &bytes, bytes.count) > 0 {}
    }

    // MARK: The server's side

    var snapshot: LiveSnapshot { state.withLock { $0.snapshot } }

    /// The state's JSON, made once per snapshot, outside the lock.
    func stateJSON() -> (sequence: Int, text: String) {
        let (snapshot, cached) = state.withLock { ($0.snapshot, $0.json) }
        if let cached, cached.sequence == snapshot.sequence { return cached }
        let made = (sequence: snapshot.sequence, text: LiveState.json(snapshot).text)
        state.withLock { state in
            if state.json.map({ $0.sequence < made.sequence }) ?? true { state.json = made }
        }
        return made
    }

    /// Whether a request may go on: a token bucket shared by all clients.
    func admit() -> Bool {
        state.withLock { $0.bucket.take(now: ContinuousClock.now) }
    }

    /// Follows the snapshots: nil when too many pages already do.
    func listen(wake: @escaping @Sendable () -> Void) -> Int? {
        state.withLock { state in
            guard state.listeners.count < Self.listenerLimit else { return nil }
            state.nextID += 1
            state.listeners[state.nextID] = Listener(wake: wake, sent: -1)
            return state.nextID
        }
    }

    /// The event a listener has not been sent yet, if any.
    func nextEvent(for id: Int) -> [UInt8]? {
        let due = state.withLock { state -> Bool in
            guard let listener = state.listeners[id], listener.sent < state.snapshot.sequence else { return false }
            state.listeners[id]?.sent = state.snapshot.sequence
            return true
        }
        guard due else { return nil }
        let json = stateJSON()
        return Array("event: state\nid: \(json.sequence)\ndata: \(json.text)\n\n".utf8)
    }

    func stopListening(_ id: Int) {
        _ = state.withLock { $0.listeners.removeValue(forKey: id) }
    }

    /// Queues a statement for the prompt and wakes it. `answer` is called
    /// once: with what came of it, or with nil when it waited `wait`
    /// seconds without the prompt taking it (it is then withdrawn, and
    /// nothing ran). False when too many already wait.
    func post(_ source: String, wait: Int, answer: @escaping @Sendable (PostedOutcome?) -> Void) -> Bool {
        let id: Int? = state.withLock { state in
            guard state.waiting.count < Self.waitingLimit else { return nil }
            state.nextID += 1
            state.waiting.append(Waiting(id: state.nextID, source: source, answer: answer))
            var byte: UInt8 = 1
            _ = write(wakeWrite, &byte, 1)
            return state.nextID
        }
        guard let id else { return false }
        DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(wait)) { [self] in
            let withdrawn = state.withLock { state -> Waiting? in
                guard let index = state.waiting.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiting.remove(at: index)
            }
            withdrawn?.answer(nil)
        }
        return true
    }
}

/// A token bucket: `capacity` requests at once, refilled at `rate` a
/// second. A flood gets 429 and changes nothing; a page never comes near.
struct RateBucket: Sendable {
    static let capacity = 200.0
    static let rate = 100.0
    var tokens = RateBucket.capacity
    var last: ContinuousClock.Instant?

    mutating func take(now: ContinuousClock.Instant) -> Bool {
        if let last {
            let elapsed = now - last
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            tokens = min(Self.capacity, tokens + seconds * Self.rate)
        }
        last = now
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }
}
