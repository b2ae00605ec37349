import Foundation
import Testing

// The live view (`mabs --live`) over plain HTTP: who is refused, what the
// API answers, and statements posted to a REPL running in a real terminal
// (tmux). The browser's own tests are in LiveViewBrowserTests.
@Suite("live view over HTTP (tmux)", .serialized, .tags(.heavy), .heavy)
struct LiveViewTests {
    /// `mabs --live` at its prompt.
    func start(_ arguments: [String] = ["--live"]) throws -> LiveSession {
        let live = try LiveSession(arguments: arguments)
        try live.terminal.waitFor("mabs> ")
        return live
    }

    @Test("prints one address with a fresh 48-digit token, bound to 127.0.0.1 only")
    func address() throws {
        let first = try start()
        let second = try start()
        #expect(first.token.count == 48 && first.token.allSatisfy(\.isHexDigit))
        #expect(first.token != second.token)
        #expect(first.terminal.screen().components(separatedBy: "live view: ").count == 2)
        // Listening on 127.0.0.1 only: the port is not open on another of
        // this machine's addresses (0.0.0.0 would answer there).
        let listening = try String(contentsOfFile: "/proc/net/tcp", encoding: .utf8)
        let port = String(format: "%04X", first.port)
        let ours = listening.split(separator: "\n").filter { $0.split(separator: " ")[1].hasSuffix(":" + port) && $0.split(separator: " ")[3] == "0A" }
        #expect(ours.count == 1)
        #expect(ours.first.map { String($0.split(separator: " ")[1]) } == "0100007F:" + port)
    }

    @Test("the token in the address becomes an HttpOnly, SameSite=Strict cookie, and the page needs it")
    func tokenAndCookie() throws {
        let live = try start()
        let first = try live.request("GET", "/?token=\(live.token)", cookie: false)
        #expect(first.status == 303)
        #expect(first.header("location") == "/")
        #expect(first.header("set-cookie") == "\(live.cookie); HttpOnly; SameSite=Strict; Path=/")
        let page = try live.request("GET", "/")
        #expect(page.status == 200)
        #expect(page.body.contains("<title>mabs live view</title>"))

        let tokenText = "this address needs the token mabs printed: open the whole address it printed (http://127.0.0.1:PORT/?token=...)"
        for target in ["/", "/state", "/events", "/diagram.svg", "/?token=0", "/?token=\(live.wrongToken)"] {
            let refused = try live.request("GET", target, cookie: false)
            #expect(refused.status == 403, "\(target)")
            #expect(refused.error == tokenText, "\(target)")
        }
        let wrongCookie = try live.request("GET", "/state", cookie: false, headers: ["Cookie: mabs-live-\(live.port)=\(String(live.token.reversed()))"])
        #expect(wrongCookie.status == 403)
    }

    @Test("a foreign Host is refused, with the token or without (DNS rebinding)")
    func foreignHost() throws {
        let live = try start()
        for host in ["evil.example:\(live.port)", "127.0.0.1", "127.0.0.1:\(live.port + 1)", "localhost.evil.example:\(live.port)", "0.0.0.0:\(live.port)"] {
            let refused = try live.request("GET", "/state", host: host)
            #expect(refused.status == 403, "\(host)")
            #expect(refused.error == "the Host '\(host)' is refused: the live view answers only to 127.0.0.1:\(live.port) and localhost:\(live.port)")
            let withQuery = try live.request("GET", "/?token=\(live.token)", host: host, cookie: false)
            #expect(withQuery.status == 403 && withQuery.header("set-cookie") == nil, "\(host)")
        }
        #expect(try live.request("GET", "/state", host: "localhost:\(live.port)").status == 200)
        #expect(try live.request("GET", "/state", host: "LOCALHOST:\(live.port)").status == 200)
    }

    @Test("POST /run needs the token in its header and refuses another site's origin; nothing runs")
    func crossSitePost() throws {
        let live = try start()
        // A form on another site sends the cookie only if the browser
        // ignores SameSite; even then it cannot send the header.
        let form = try live.request("POST", "/run", headers: ["Content-Type: application/x-www-form-urlencoded", "Origin: http://evil.example"], body: "create contoso")
        #expect(form.status == 403)
        #expect(form.error == "POST /run needs the token in the X-Mabs-Token header (the page sends it; a form on another site cannot)")
        let wrongHeader = try live.request("POST", "/run", headers: ["X-Mabs-Token: \(live.wrongToken)"], body: "create contoso")
        #expect(wrongHeader.status == 403)
        let foreignOrigin = try live.request("POST", "/run", headers: ["X-Mabs-Token: \(live.token)", "Origin: http://evil.example"], body: "create contoso")
        #expect(foreignOrigin.status == 403)
        #expect(foreignOrigin.error == "POST /run from another site ('http://evil.example') is refused")
        let getRun = try live.request("GET", "/run?statement=create%20contoso")
        #expect(getRun.status == 405 && getRun.header("allow") == "POST")
        #expect((try live.state()["services"] as? [Any])?.isEmpty == true)
        #expect(!live.terminal.screen().contains("contoso"))
    }

    @Test("every answer forbids outside sources and carries no CORS header")
    func headers() throws {
        let live = try start()
        let answers = try [
            live.request("GET", "/"), live.request("GET", "/state"), live.request("GET", "/diagram.svg?view=whole"),
            live.request("GET", "/nowhere"), live.request("GET", "/state", cookie: false),
            live.request("OPTIONS", "/run", headers: ["Origin: http://evil.example", "Access-Control-Request-Method: POST"]),
        ]
        for answer in answers {
            let policy = answer.header("content-security-policy") ?? ""
            #expect(policy.hasPrefix("default-src 'none'"), "\(answer.status)")
            #expect(answer.header("x-frame-options") == "DENY")
            #expect(!answer.headers.contains { $0.name.hasPrefix("access-control-") })
        }
        #expect(answers[0].header("content-security-policy")?.contains("connect-src 'self'") == true)
        #expect(answers[3].status == 404)
        #expect(answers[3].error == "no such address: '/nowhere'; the live view serves /, /state, /events, /diagram.svg, /diagram.json and POST /run")
        #expect(answers[5].status == 405)
    }

    @Test("a posted statement runs at the prompt as if typed, between entries, and keeps the line being typed")
    func postedStatementRunsAtThePrompt() throws {
        let live = try start()
        live.terminal.type("state(con")
        try live.terminal.waitFor("mabs> state(con")
        let answer = try live.run("create contoso")
        #expect(answer.status == 200)
        #expect(answer.json["ran"] as? Bool == true)
        #expect(answer.json["output"] as? String == "create contoso: -> Active\n")
        try live.terminal.waitFor("mabs> create contoso\ncreate contoso: -> Active\nmabs> state(con")
        live.terminal.type("toso)")
        live.terminal.press("Enter")
        try live.terminal.waitFor("mabs> state(contoso)\nActive\nmabs> ")
        let services = try live.state()["services"] as? [[String: Any]] ?? []
        #expect(services.map { $0["name"] as? String } == ["contoso"])
        #expect(services.first?["state"] as? String == "Active")
        // The history keeps it, as a typed entry.
        live.terminal.press("Up", "Up")
        try live.terminal.waitFor("mabs> create contoso")
    }

    @Test("a statement posted while one is typed over several lines waits for it to end")
    func postedStatementWaitsForTheEntry() throws {
        let live = try start()
        live.terminal.type("if true {")
        live.terminal.press("Enter")
        try live.terminal.waitFor("...> ")
        nonisolated(unsafe) var answer: HTTPAnswer?
        let posted = Thread { answer = try? live.run("create contoso") }
        posted.start()
        // The server answers meanwhile; the posted statement waits.
        #expect(try live.request("GET", "/state").status == 200)
        #expect(!live.terminal.screen().contains("create contoso"))
        live.terminal.type("print \"inside\"")
        live.terminal.press("Enter")
        live.terminal.type("}")
        live.terminal.press("Enter")
        let screen = try live.terminal.waitFor("create contoso: -> Active\nmabs> ")
        let inside = try #require(screen.range(of: "inside\n"))
        let created = try #require(screen.range(of: "mabs> create contoso"))
        #expect(inside.lowerBound < created.lowerBound)
        try eventually("the POST is answered") { posted.isFinished }
        #expect(answer?.status == 200)
    }

    @Test("a statement that does not parse, an unfinished one, an empty or oversized body: refused, nothing runs")
    func badStatements() throws {
        let live = try start()
        let broken = try live.run("create")
        #expect(broken.status == 400)
        #expect(broken.error == "the statement has errors; nothing ran")
        #expect(((broken.json["diagnostics"] as? [[String: Any]])?.first?["text"] as? String)?.hasPrefix("error: ") == true)
        let unfinished = try live.run("if true {")
        #expect(unfinished.status == 400)
        #expect(unfinished.error == "the statement is unfinished (an open block, bracket or string): post it whole; nothing ran")
        let empty = try live.run("  \n")
        #expect(empty.status == 400 && empty.error == "POST /run takes one statement as its body, as text")
        let huge = try live.run("print \"" + String(repeating: "x", count: 70_000) + "\"")
        #expect(huge.status == 413 && huge.error == "a posted statement is at most 65536 bytes")
        let view = try live.request("GET", "/diagram.svg?view=nope")
        #expect(view.status == 404 && view.error == "no view 'nope'; the views are whole, without-failures, without-delete, without-failures-and-delete, backups, around")
        #expect(!live.terminal.screen().contains("create"))
        #expect((try live.state()["services"] as? [Any])?.isEmpty == true)
    }

    @Test("/state and /events never carry a secret; /events sends the state after each entry")
    func secretsNeverSent() throws {
        let live = try start()
        let secret = "k3yZ9qWp"
        nonisolated(unsafe) var events = ""
        let follower = Thread {
            let request = "GET /events HTTP/1.1\r\nHost: 127.0.0.1:\(live.port)\r\nCookie: \(live.cookie)\r\n\r\n"
            events = (try? HTTPAnswer.exchange(port: live.port, Array(request.utf8), until: { $0.contains("acs-namespace") }))?.body ?? ""
        }
        follower.start()
        live.terminal.type("create contoso")
        live.terminal.press("Enter")
        try live.terminal.waitFor("-> Active\nmabs> ")
        live.terminal.type("update contoso set acs-namespace = \"ns1\", acs-key = \"\(secret)\"")
        live.terminal.press("Enter")
        try live.terminal.waitFor("update contoso: stays Active")
        try eventually("/events sends the update") { follower.isFinished }
        #expect(events.contains("event: state"))
        #expect(events.contains("acs-namespace"))
        let state = try live.request("GET", "/state").body
        #expect(state.contains("ns1"))
        for body in [state, events] { #expect(!body.contains(secret)) }
    }

    @Test("mabs play --live shows the play and takes no statements")
    func play() throws {
        let directory = try TemporaryDirectory()
        let script = directory.path + "/lesson.mabs"
        try "create contoso\nstop contoso\nprint \"the end\"\n".write(toFile: script, atomically: true, encoding: .utf8)
        let live = try LiveSession(arguments: ["play", "--step", "--delay", "0", "--live", script])
        let refused = try live.run("create other")
        #expect(refused.status == 409)
        #expect(refused.error == "a play is running: the live view only watches, and takes no statements (post them at the REPL's live view)")
        // Enter plays each entry (the last is left unplayed: mabs, and
        // its server, stay).
        try live.terminal.waitFor("mabs>")
        live.terminal.press("Enter")
        try live.terminal.waitFor("create contoso: -> Active\nmabs>")
        live.terminal.press("Enter")
        try live.terminal.waitFor("stop contoso: Active -> Stopped")
        var services: [[String: Any]] = []
        try eventually("/state shows contoso Stopped") {
            services = try live.state()["services"] as? [[String: Any]] ?? []
            return services.first?["state"] as? String == "Stopped"
        }
        #expect(services.map { $0["name"] as? String } == ["contoso"])
    }

    @Test("a flood of requests gets 429 with Retry-After and changes nothing; too many /events followers get 503")
    func flood() throws {
        let live = try start()
        // Followers of /events hold their connection open.
        let follow = "GET /events HTTP/1.1\r\nHost: 127.0.0.1:\(live.port)\r\nCookie: \(live.cookie)\r\n"
        let followers = try (0..<32).map { _ in try HTTPAnswer.send(port: live.port, follow + "\r\n") }
        defer { followers.forEach { close($0) } }
        // Each follower counts once its stream has opened, which its first
        // event shows (the answer's headers come before): only then is a
        // 33rd sure to be refused, and not given a stream that never ends.
        for fd in followers {
            let first = HTTPAnswer.read(fd, until: { $0.contains("event: state") })
            #expect(first.status == 200, "a follower is answered")
        }
        // Read to its end, or, were it wrongly let in, to its first event:
        // a stream never ends.
        let extra = try HTTPAnswer.exchange(port: live.port, Array((follow + "Connection: close\r\n\r\n").utf8),
                                            until: { $0.contains("event: state") })
        #expect(extra.status == 503)
        #expect(extra.error == "at most 32 pages can follow /events at once; close one and try again")
        // 300 requests at once, more than the bucket's 200.
        let flood = "GET /nowhere HTTP/1.1\r\nHost: 127.0.0.1:\(live.port)\r\nCookie: \(live.cookie)\r\nConnection: close\r\n\r\n"
        let sockets = try (0..<300).map { _ in try HTTPAnswer.send(port: live.port, flood) }
        defer { sockets.forEach { close($0) } }
        let answers = sockets.map { HTTPAnswer.read($0) }
        #expect(answers.allSatisfy { $0.status == 404 || $0.status == 429 })
        let refused = answers.first { $0.status == 429 }
        let flooded = try #require(refused)
        #expect(flooded.error == "too many requests: about 100 a second at most; wait a moment and try again")
        #expect(flooded.header("retry-after") == "1")
        try eventually("the server answers again") { try live.request("GET", "/state").status == 200 }

        // The REPL goes on meanwhile.
        live.terminal.type("create contoso")
        live.terminal.press("Enter")
        try live.terminal.waitFor("create contoso: -> Active\nmabs> ")
    }

    @Test("a page that stops reading /events never makes the REPL wait")
    func slowFollower() throws {
        let live = try start()
        // Follows, and never reads: its small window fills after an event
        // or two, then the server's send buffer (4 MiB at most here).
        let stalled = try HTTPAnswer.send(
            port: live.port, "GET /events HTTP/1.1\r\nHost: 127.0.0.1:\(live.port)\r\nCookie: \(live.cookie)\r\n\r\n", receiveBuffer: 4096)
        defer { close(stalled) }
        live.terminal.type("create contoso")
        live.terminal.press("Enter")
        try live.terminal.waitFor("create contoso: -> Active\nmabs> ")
        // 2,000 entries, an event of 3.5 KB each (the log's tail): 7 MB,
        // more than the sockets hold.
        try live.terminal.paste(String(repeating: "restart contoso\n", count: 2_000))
        try eventually("the REPL ran all 2,000") { (try live.state()["logTotal"] as? Int) == 2_001 }
        live.terminal.type("print \"still here\"")
        live.terminal.press("Enter")
        try live.terminal.waitFor("still here\nmabs> ")
    }
}
