import Foundation

/// A `mabs ... --live` running in tmux, and plain HTTP to it over a socket
/// of our own (so a test can send what no browser sends: another `Host`,
/// no token, a flood).
/// Sendable: a request only reads the constants; the terminal is the
/// test thread's.
final class LiveSession: @unchecked Sendable {
    let terminal: TerminalSession
    /// `http://127.0.0.1:PORT/?token=TOKEN`, as mabs printed it.
    let address: String
    let port: Int
    let token: String

    init(arguments: [String] = ["--live"], environment: [String: String] = [:]) throws {
        terminal = try TerminalSession(environment: environment, arguments: arguments, width: 120, height: 40)
        let screen = try terminal.waitUntil("mabs prints the live view's address") { $0.contains("live view: http://127.0.0.1:") && $0.contains("token=") }
        guard let line = screen.split(separator: "\n").first(where: { $0.hasPrefix("live view: ") }) else {
            throw TerminalSession.Failure(description: "no address line:\n\(screen)")
        }
        address = String(line.dropFirst("live view: ".count))
        let afterHost = address.dropFirst("http://127.0.0.1:".count)
        port = Int(afterHost.prefix { $0.isNumber }) ?? 0
        token = String(address.split(separator: "=").last ?? "")
    }

    deinit { terminal.close() }

    var cookie: String { "mabs-live-\(port)=\(token)" }

    /// The token with its last digit changed: as long, and wrong.
    var wrongToken: String { token.dropLast() + (token.hasSuffix("0") ? "1" : "0") }

    /// A request as written, with the token's cookie unless told otherwise.
    func request(
        _ method: String, _ target: String, host: String? = nil, cookie: Bool = true, headers: [String] = [], body: String = ""
    ) throws -> HTTPAnswer {
        var lines = ["\(method) \(target) HTTP/1.1", "Host: \(host ?? "127.0.0.1:\(port)")", "Connection: close"]
        if cookie { lines.append("Cookie: \(self.cookie)") }
        lines += headers
        if method == "POST" || !body.isEmpty { lines.append("Content-Length: \(body.utf8.count)") }
        return try HTTPAnswer.exchange(port: port, Array((lines.joined(separator: "\r\n") + "\r\n\r\n" + body).utf8))
    }

    /// `POST /run` as the page sends it.
    func run(_ statement: String) throws -> HTTPAnswer {
        try request("POST", "/run", headers: ["X-Mabs-Token: \(token)", "Content-Type: text/plain; charset=utf-8"], body: statement)
    }

    /// The state, as `GET /state` answers.
    func state() throws -> [String: Any] {
        let answer = try request("GET", "/state")
        return (try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any]) ?? [:]
    }
}

/// One HTTP answer: its status, headers (names lower-cased) and body.
struct HTTPAnswer {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: String

    func header(_ name: String) -> String? { headers.first { $0.name == name.lowercased() }?.value }

    /// The JSON body's `error`.
    var error: String? {
        ((try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any])?["error"] as? String
    }

    var json: [String: Any] { ((try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any]) ?? [:] }

    /// Sends `bytes` to 127.0.0.1:`port` and reads the answer until the
    /// server closes (`Connection: close`), or `limit` bytes (a stream).
    static func exchange(port: Int, _ bytes: [UInt8], limit: Int = 1 << 24, until: ((String) -> Bool)? = nil) throws -> HTTPAnswer {
        let fd = try connect(port: port)
        defer { close(fd) }
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { break }
            sent += n
        }
        return read(fd, limit: limit, until: until)
    }

    /// Reads an answer from `fd` until the server closes, `limit` bytes,
    /// or `until` holds for what arrived.
    static func read(_ fd: Int32, limit: Int = 1 << 24, until: ((String) -> Bool)? = nil) -> HTTPAnswer {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while received.count < limit {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            received += buffer[..<n]
            if let until, until(String(decoding: received, as: UTF8.self)) { break }
        }
        return parse(String(decoding: received, as: UTF8.self))
    }

    /// Connects and sends `request`, reading nothing: the open socket.
    static func send(port: Int, _ request: String, receiveBuffer: Int32? = nil) throws -> Int32 {
        let fd = try connect(port: port, receiveBuffer: receiveBuffer)
        let bytes = Array(request.utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        return fd
    }

    /// A socket connected to 127.0.0.1:`port`; `receiveBuffer`, set before
    /// connecting, pins its receive buffer (no autotuning).
    static func connect(port: Int, receiveBuffer: Int32? = nil) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        if var size = receiveBuffer { setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size)) }
        var timeout = timeval(tv_sec: 20, tv_usec: 0)  // a hang guard
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw TerminalSession.Failure(description: "cannot connect to 127.0.0.1:\(port)")
        }
        return fd
    }

    static func parse(_ text: String) -> HTTPAnswer {
        guard let end = text.range(of: "\r\n\r\n") else { return HTTPAnswer(status: 0, headers: [], body: text) }
        let head = text[..<end.lowerBound].components(separatedBy: "\r\n")
        let status = Int(head.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
        let headers = head.dropFirst().compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (line[..<colon].lowercased(), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var body = String(text[end.upperBound...])
        if headers.contains(where: { $0.0 == "transfer-encoding" && $0.1.contains("chunked") }) { body = dechunked(body) }
        return HTTPAnswer(status: status, headers: headers, body: body)
    }

    /// A chunked body's data (what arrived of it).
    static func dechunked(_ text: String) -> String {
        var rest = Substring(text), out = ""
        while let line = rest.range(of: "\r\n"), let size = Int(rest[..<line.lowerBound], radix: 16), size > 0 {
            let start = line.upperBound
            let available = rest[start...].utf8.count
            let taken = String(decoding: rest[start...].utf8.prefix(min(size, available)), as: UTF8.self)
            out += taken
            guard available >= size + 2 else { break }
            rest = rest[rest.utf8.index(start, offsetBy: size + 2)...]
        }
        return out
    }
}

/// Headless Chromium, driven by Tests/Fixtures/browser.py (Selenium and
/// chromedriver, which Scripts/test installs).
final class Browser {
    private let process = Process()
    private let input = Pipe(), output = Pipe()
    private var pending = Data()

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Where the tests' screenshots go: `.build/test-output/live-view`.
    static let outputFolder: URL = {
        let folder = repository.appendingPathComponent(".build/test-output/live-view")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }()

    init(width: Int = 1600, height: Int = 1000) throws {
        let venv = ProcessInfo.processInfo.environment["MABS_TEST_VENV"].map(URL.init(fileURLWithPath:))
            ?? Self.repository.appendingPathComponent(".build-venv")
        let python = venv.appendingPathComponent("bin/python")
        for (path, what) in [(python.path, "\(venv.path) with selenium"), ("/usr/bin/chromium", "chromium"), ("/usr/bin/chromedriver", "chromium-driver")]
        where !FileManager.default.isExecutableFile(atPath: path) {
            throw TerminalSession.Failure(description: "\(path) is missing: run Scripts/test once, which installs \(what)")
        }
        process.executableURL = python
        process.arguments = [Self.repository.appendingPathComponent("Tests/Fixtures/browser.py").path, "\(width)", "\(height)"]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    deinit {
        _ = try? send(["op": "quit"])
        process.waitUntilExit()
    }

    /// Sends one command and returns its answer's value; throws its error.
    @discardableResult
    func send(_ command: [String: Any]) throws -> Any? {
        input.fileHandleForWriting.write(try JSONSerialization.data(withJSONObject: command) + Data("\n".utf8))
        while !pending.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { throw TerminalSession.Failure(description: "the browser helper ended") }
            pending += chunk
        }
        let newline = pending.firstIndex(of: UInt8(ascii: "\n"))!
        let line = pending[..<newline]
        pending = Data(pending[(newline + 1)...])
        let answer = try JSONSerialization.jsonObject(with: line) as? [String: Any] ?? [:]
        guard answer["ok"] as? Bool == true else {
            throw TerminalSession.Failure(description: "browser: \(answer["error"] ?? "no answer") (\(command["op"] ?? ""))")
        }
        return answer["value"] is NSNull ? nil : answer["value"]
    }

    func open(_ url: String) throws { try send(["op": "open", "url": url]) }
    func eval(_ script: String) throws -> Any? { try send(["op": "eval", "script": script]) }
    @discardableResult
    func wait(_ what: String, _ script: String) throws -> Any? {
        do {
            return try send(["op": "wait", "script": script])
        } catch {
            throw TerminalSession.Failure(description: "waiting until \(what): \(error)")
        }
    }
    func click(_ selector: String) throws { try send(["op": "click", "selector": selector]) }

    /// Saves the window to the output folder as NAME.png; returns its path.
    @discardableResult
    func screenshot(_ name: String) throws -> String {
        let path = Self.outputFolder.appendingPathComponent(name + ".png").path
        try send(["op": "screenshot", "path": path])
        return path
    }

    /// The console's errors so far (level SEVERE), as text.
    func consoleErrors() throws -> [String] {
        let entries = try send(["op": "console"]) as? [[String: Any]] ?? []
        return entries.filter { ($0["level"] as? String) == "SEVERE" }.map { "\($0["message"] ?? "")" }
    }
}

/// Waits until `condition` holds, checking every 20 ms; throws after
/// `TerminalSession.defaultTimeout` (a hang guard, not a timing).
func eventually(_ what: String, _ condition: () throws -> Bool) throws {
    let deadline = ContinuousClock.now + TerminalSession.defaultTimeout
    while try !condition() {
        if ContinuousClock.now > deadline { throw TerminalSession.Failure(description: "timed out waiting until \(what)") }
        usleep(20_000)
    }
}
