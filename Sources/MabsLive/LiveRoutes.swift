import Lifecycle
import MabsHost
import MabsLanguage
import MabsLiveWire
import MabsPresentation

/// Every answer the live view gives, and who may ask: Jupyter's model.
///
/// - Every request needs the token: `?token=` on the first load, which
///   sets a cookie (`HttpOnly`, `SameSite=Strict`) and sends the page to
///   `/` without it; the cookie afterwards. `POST /run` also needs it in
///   the `X-Mabs-Token` header, which a form on another site cannot send.
/// - A `Host` other than 127.0.0.1:PORT or localhost:PORT is refused, so
///   a name rebound to 127.0.0.1 (DNS rebinding) reaches nothing.
/// - Every answer forbids outside sources (a content security policy,
///   the page's own script and style by nonce) and carries no CORS header.
struct LiveRoutes: Sendable {
    let hub: LiveHub
    let token: String
    let port: Int

    /// A posted statement is at most this long.
    static let bodyLimit = 65_536
    /// How long a posted statement waits for the prompt.
    static let runWait = 10
    static let tokenHeader = "X-Mabs-Token"
    var cookieName: String { "mabs-live-\(port)" }

    /// The views of `/diagram.svg` and `/diagram.json`, as `graph` has them.
    static let views: [(name: String, view: StateDiagram.View?)] = [
        ("whole", .machine),
        ("without-failures", .machine(without: .failures)),
        ("without-delete", .machine(without: .delete)),
        ("without-failures-and-delete", .machine(without: [.failures, .delete])),
        ("backups", .backups),
        ("around", nil),
    ]

    func handle(_ request: WireRequest, reply: @escaping @Sendable (WireResponse) -> Void) {
        guard hub.admit() else {
            return reply(Self.refusal(429, .tooManyRequests(perSecond: Int(RateBucket.rate)), extra: [WireField("Retry-After", "1")]))
        }
        let hosts = request.values("host")
        guard hosts.count == 1, isOwnHost(hosts[0]) else {
            return reply(Self.refusal(403, .hostRefused(hosts.joined(separator: ", "), port: port)))
        }
        let queryToken = request.query.first { $0.name == "token" }?.value
        let cookieToken = request.cookie(cookieName)
        guard [queryToken, cookieToken].contains(where: { $0.map(matchesToken) ?? false }) else {
            return reply(Self.refusal(403, .tokenRequired))
        }
        switch (request.method, request.path) {
        case ("GET", "/"), ("HEAD", "/"):
            if queryToken != nil {
                // The token leaves the address bar (and the history) for
                // the cookie.
                return reply(Self.answer(303, type: nil, [], extra: [
                    WireField("Location", "/"),
                    WireField("Set-Cookie", "\(cookieName)=\(token); HttpOnly; SameSite=Strict; Path=/"),
                ]))
            }
            let nonce = Self.randomHex(bytes: 16)
            reply(Self.answer(200, type: "text/html; charset=utf-8", Array(LivePage.html(token: token, nonce: nonce).utf8), nonce: nonce))
        case ("GET", "/favicon.svg"):
            reply(Self.answer(200, type: "image/svg+xml", Array(LivePage.favicon.utf8), policy: "default-src 'none'"))
        case ("GET", "/state"):
            reply(Self.answer(200, type: "application/json", Array(hub.stateJSON().text.utf8)))
        case ("GET", "/events"):
            events(reply)
        case ("GET", "/diagram.svg"), ("GET", "/diagram.json"):
            diagram(request, json: request.path.hasSuffix(".json"), reply)
        case ("POST", "/run"):
            run(request, reply)
        case (_, "/"), (_, "/state"), (_, "/events"), (_, "/diagram.svg"), (_, "/diagram.json"):
            reply(Self.refusal(405, .methodNotAllowed(request.method, path: request.path, allowed: "GET"), extra: [WireField("Allow", "GET")]))
        case (_, "/run"):
            reply(Self.refusal(405, .methodNotAllowed(request.method, path: request.path, allowed: "POST"), extra: [WireField("Allow", "POST")]))
        default:
            reply(Self.refusal(404, .notFound(request.path)))
        }
    }

    private func isOwnHost(_ host: String) -> Bool {
        let host = host.lowercased()
        return host == "127.0.0.1:\(port)" || host == "localhost:\(port)"
    }

    /// Compares in time that does not depend on where they differ.
    private func matchesToken(_ given: String) -> Bool {
        let a = Array(given.utf8), b = Array(token.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }

    // MARK: Events

    private func events(_ reply: @escaping @Sendable (WireResponse) -> Void) {
        let hub = hub
        let stream = WireStream { wake in
            guard let id = hub.listen(wake: wake) else {
                return WireSubscription(next: { nil }, close: {})
            }
            return WireSubscription(next: { hub.nextEvent(for: id) }, close: { hub.stopListening(id) })
        }
        // Refused before the stream starts when too many already listen.
        guard let probe = hub.listen(wake: {}) else {
            return reply(Self.refusal(503, .tooManyListeners(LiveHub.listenerLimit)))
        }
        hub.stopListening(probe)
        var response = Self.answer(200, type: "text/event-stream", [])
        response.stream = stream
        reply(response)
    }

    // MARK: The diagram

    private func diagram(_ request: WireRequest, json: Bool, _ reply: @escaping @Sendable (WireResponse) -> Void) {
        let name = request.query.first { $0.name == "view" }?.value ?? "whole"
        guard let entry = Self.views.first(where: { $0.name == name }) else {
            return reply(Self.refusal(404, .unknownView(name, views: Self.views.map(\.name))))
        }
        let engine = hub.snapshot.engine
        var highlight: StateDiagram.Highlight?
        if let serviceName = request.query.first(where: { $0.name == "service" })?.value, !serviceName.isEmpty {
            guard let service = engine.service(named: serviceName) else {
                return reply(Self.refusal(404, .unknownService(serviceName)))
            }
            highlight = StateDiagram.Highlight(
                service: service.name, current: service.state, history: LiveState.history(of: service.name, in: engine), marksLastMove: true)
        }
        var view = entry.view
        if view == nil {
            if let highlight {
                view = .around(highlight.current)
            } else if let state = request.query.first(where: { $0.name == "state" }).flatMap({ ServiceState(userInput: $0.value) }) {
                view = .around(state)
            } else {
                return reply(Self.refusal(400, .aroundNeedsPlace))
            }
        }
        if json {
            let geometry = StateDiagram.geometry(view!, highlight: highlight, operationName: \.keyword)
            let states: [(String, JSON)] = geometry.boxes.compactMap { box in
                guard let state = box.state else { return nil }
                return (state.displayName, .object([
                    ("x", .int(Int(box.rect.x.rounded()))), ("y", .int(Int(box.rect.y.rounded()))),
                    ("width", .int(Int(box.rect.width.rounded()))), ("height", .int(Int(box.rect.height.rounded()))),
                ]))
            }
            let body = JSON.object([
                ("view", .string(name)), ("width", .int(Int(geometry.width))), ("height", .int(Int(geometry.height))),
                ("states", .object(states)),
            ])
            return reply(Self.answer(200, type: "application/json", Array(body.text.utf8)))
        }
        let svg = StateDiagram.render(view!, as: .svg, highlight: highlight, operationName: \.keyword)
        // The picture's own style is inline: allowed in it, and nothing else.
        reply(Self.answer(200, type: "image/svg+xml", Array(svg.utf8), policy: "default-src 'none'; style-src 'unsafe-inline'"))
    }

    // MARK: Running a statement

    private func run(_ request: WireRequest, _ reply: @escaping @Sendable (WireResponse) -> Void) {
        guard let header = request.values(Self.tokenHeader).first, matchesToken(header) else {
            return reply(Self.refusal(403, .headerTokenRequired))
        }
        if let origin = request.values("origin").first, origin != "http://127.0.0.1:\(port)", origin != "http://localhost:\(port)" {
            return reply(Self.refusal(403, .originRefused(origin)))
        }
        guard !request.bodyTooLarge else { return reply(Self.refusal(413, .bodyTooLarge(Self.bodyLimit))) }
        guard let source = String(validating: request.body, as: UTF8.self) else { return reply(Self.refusal(400, .notText)) }
        guard !source.allSatisfy(\.isWhitespace) else { return reply(Self.refusal(400, .emptyStatement)) }
        guard hub.snapshot.acceptsStatements else { return reply(Self.refusal(409, .watchingPlay)) }
        let queued = hub.post(source, wait: Self.runWait) { outcome in
            reply(Self.answer(outcome))
        }
        if !queued { reply(Self.refusal(429, .queueFull(LiveHub.waitingLimit))) }
    }

    /// The JSON answer to a posted statement.
    private static func answer(_ outcome: PostedOutcome?) -> WireResponse {
        switch outcome {
        case nil:
            return refusal(503, .promptBusy(seconds: runWait))
        case .refused(let diagnostics, let incomplete)?:
            let body = JSON.object([
                ("ran", .bool(false)), ("error", .string(LiveMessage.statementRefused(incomplete: incomplete).text)),
                ("incomplete", .bool(incomplete)), ("diagnostics", .array(diagnostics.map(json))),
            ])
            return answer(400, type: "application/json", Array(body.text.utf8))
        case .ran(let shown, let output, let diagnostics)?:
            let body = JSON.object([
                ("ran", .bool(true)), ("statement", .string(shown)), ("output", .string(output)),
                ("ok", .bool(!diagnostics.contains { $0.severity == .error })),
                ("diagnostics", .array(diagnostics.map(json))),
            ])
            return answer(200, type: "application/json", Array(body.text.utf8))
        }
    }

    static func json(_ diagnostic: Diagnostic) -> JSON {
        let location = diagnostic.location
        return .object([
            ("severity", .string(diagnostic.severity.rawValue)),
            ("message", .string(diagnostic.message.text)),
            ("line", .int(Int(location.line))), ("column", .int(Int(location.column))),
            ("text", .string(DiagnosticRenderer(useColor: false, typedInputName: diagnostic.file.name).render(diagnostic))),
        ])
    }

    // MARK: Answers

    /// The headers every answer has: nothing from elsewhere, no framing,
    /// no caching, no referrer; and no CORS header, ever.
    static func answer(
        _ status: Int, type: String?, _ body: [UInt8], nonce: String? = nil, policy: String? = nil, extra: [WireField] = []
    ) -> WireResponse {
        let scripts = nonce.map { "'nonce-\($0)'" } ?? "'none'"
        var headers = [
            WireField("Content-Security-Policy", policy ?? "default-src 'none'; script-src \(scripts); style-src \(scripts); img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"),
            WireField("X-Content-Type-Options", "nosniff"),
            WireField("X-Frame-Options", "DENY"),
            WireField("Referrer-Policy", "no-referrer"),
            WireField("Cache-Control", "no-store"),
        ]
        if let type { headers.append(WireField("Content-Type", type)) }
        return WireResponse(status: status, headers: headers + extra, body: body)
    }

    /// A refusal: the status, and a JSON body saying why.
    static func refusal(_ status: Int, _ message: LiveMessage, extra: [WireField] = []) -> WireResponse {
        let body = JSON.object([("status", .int(status)), ("error", .string(message.text))])
        return answer(status, type: "application/json", Array((body.text + "\n").utf8), extra: extra)
    }

    static func randomHex(bytes count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef")
        var text = ""
        for _ in 0..<count {
            let byte = UInt8.random(in: 0...255, using: &generator)
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 15)])
        }
        return text
    }
}

extension WireRequest {
    /// The values of a header, its name in any case.
    func values(_ name: String) -> [String] {
        headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
    }

    /// A cookie's value.
    func cookie(_ name: String) -> String? {
        for header in values("cookie") {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2, trimmed(parts[0]) == name { return trimmed(parts[1]) }
            }
        }
        return nil
    }
}

/// `text` without the blanks around it.
private func trimmed(_ text: Substring) -> String {
    var text = text
    while text.first == " " { text.removeFirst() }
    while text.last == " " { text.removeLast() }
    return String(text)
}
