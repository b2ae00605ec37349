import Foundation
import Testing

// The live view in a real browser: headless Chromium, driven by Selenium
// (Tests/Fixtures/browser.py), beside a REPL running in a real terminal
// (tmux). Every wait is a hang guard, not a timing. Screenshots of each
// step go to .build/test-output/live-view.
@Suite("live view in a browser (Chromium, tmux)", .serialized, .tags(.heavy), .heavy)
struct LiveViewBrowserTests {
    /// JavaScript answering the title of `name`'s badge ("contoso is
    /// Active") when the badge stands on its state's box (above its
    /// middle, its foot inside) on the picture now shown; nothing
    /// otherwise.
    static func badge(_ name: String) -> String {
        """
        if (typeof state === 'undefined' || !state || typeof geometry === 'undefined' || !geometry) return null;
        const img = document.getElementById('diagram');
        if (!img.complete || !img.naturalWidth || !img.src.endsWith('n=' + state.sequence)) return null;
        const badge = [...document.querySelectorAll('#badges .badge')].find((b) => b.textContent === \(TerminalQuoted.js(name)));
        const service = state.services.find((s) => s.name === \(TerminalQuoted.js(name)));
        if (!badge || !service) return null;
        const box = geometry.states[service.state], frame = img.getBoundingClientRect(), scale = frame.width / geometry.width;
        const r = badge.getBoundingClientRect(), x = r.left + r.width / 2, y = r.bottom;
        const inside = x >= frame.left + box.x * scale && x <= frame.left + (box.x + box.width) * scale
          && y >= frame.top + box.y * scale && y <= frame.top + (box.y + box.height / 2) * scale;
        return inside ? badge.title + (badge.classList.contains('failed') ? ' (failed)' : '') : 'outside its box: ' + badge.title;
        """
    }

    func waitForBadge(_ browser: Browser, _ name: String, _ title: String) throws {
        try browser.wait("\(title) shows on the picture", "return (function () { \(Self.badge(name)) })() === \(TerminalQuoted.js(title));")
    }

    @Test("a teacher's session: services move on the picture as statements are typed or clicked")
    func session() throws {
        let live = try LiveSession()
        try live.terminal.waitFor("mabs> ")
        let browser = try Browser()
        try browser.open(live.address)
        try browser.wait("the page shows the state", "return document.getElementById('clock').textContent.startsWith('clock ');")
        try browser.wait("the picture is loaded", "const i = document.getElementById('diagram'); return i.complete && i.naturalWidth > 0;")
        #expect(try browser.eval("return location.href;") as? String == "http://127.0.0.1:\(live.port)/", "the token left the address bar")
        try browser.screenshot("1-opened")

        // Typed at the prompt: the badge appears on Active.
        live.terminal.type("create contoso")
        live.terminal.press("Enter")
        try live.terminal.waitFor("create contoso: -> Active\nmabs> ")
        try waitForBadge(browser, "contoso", "contoso is Active")
        try browser.screenshot("2-created")

        // A failed stop: the badge on StopFailed, the last edge in red.
        live.terminal.type("fail next stop on contoso")
        live.terminal.press("Enter")
        live.terminal.type("stop contoso")
        live.terminal.press("Enter")
        try live.terminal.waitFor("stop contoso failed: Active -> StopFailed")
        try waitForBadge(browser, "contoso", "contoso is StopFailed (failed)")
        let picture = try browser.eval("return fetch(document.getElementById('diagram').src).then((r) => r.text());") as? String ?? ""
        #expect(picture.contains("<path class=\"failure walked last\""), "the failed stop's edge is drawn as the last move, in the failure style")
        #expect(picture.contains("stroke: #"), "the styles are in the picture")
        #expect(try browser.eval("return document.getElementById('banner').className;") as? String == "banner failure")
        try browser.screenshot("3-stop-failed")

        // Clicking restart runs it at the prompt, as if typed there.
        try browser.click("#service button[data-operation='restart']")
        try live.terminal.waitFor("mabs> restart contoso\nrestart contoso: StopFailed -> Active\nmabs> ")
        try waitForBadge(browser, "contoso", "contoso is Active")
        try browser.wait("the page shows what ran", "return document.getElementById('result').textContent.includes('restart contoso: StopFailed -> Active');")
        try browser.screenshot("4-restarted")

        // A platform event: its edge drawn as the last move, in blue.
        live.terminal.type("disable contoso")
        live.terminal.press("Enter")
        try live.terminal.waitFor("disable contoso: Active -> Disabled")
        try waitForBadge(browser, "contoso", "contoso is Disabled")
        let event = try browser.eval("return fetch(document.getElementById('diagram').src).then((r) => r.text());") as? String ?? ""
        #expect(event.contains("<path class=\"event walked last\""))
        #expect(!event.contains("failure walked last"), "only the last move is marked")
        #expect(try browser.eval("return document.getElementById('banner').className;") as? String == "banner event")
        try browser.screenshot("5-platform-event")
        #expect(try browser.consoleErrors() == [])

        // The terminal's history keeps the clicked statement.
        live.terminal.press("Up", "Up")
        try live.terminal.waitFor("mabs> restart contoso")
    }

    @Test("the browser is refused without the token, under a foreign name, and from another site's form")
    func refusals() throws {
        let live = try LiveSession()
        try live.terminal.waitFor("mabs> ")
        let browser = try Browser()
        // No token: localhost is an allowed name, but has no cookie yet.
        try browser.open("http://localhost:\(live.port)/state")
        #expect((try browser.eval("return document.body.innerText;") as? String)?
            .contains("{\"status\":403,\"error\":\"this address needs the token mabs printed: open the whole address it printed (http://127.0.0.1:PORT/?token=...)\"}") == true)
        try browser.screenshot("6-no-token")

        // DNS rebinding: Chromium sends *.localhost to 127.0.0.1, under its own name.
        try browser.open("http://rebound.localhost:\(live.port)/?token=\(live.token)")
        #expect((try browser.eval("return document.body.innerText;") as? String)?.contains("\"error\":\"the Host 'rebound.localhost:\(live.port)' is refused") == true)
        try browser.screenshot("7-foreign-host")

        // With the cookie set, another site's form posts a statement.
        try browser.open(live.address)
        try browser.wait("the page shows the state", "return document.getElementById('clock').textContent.startsWith('clock ');")
        let form = """
            <form method="post" action="http://127.0.0.1:\(live.port)/run" enctype="text/plain"><input name="create evil; x" value="1"></form>\
            <script>document.forms[0].submit()</script>
            """
        try browser.open("data:text/html," + (form.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
        try browser.wait("the form's answer shows", "return document.body && document.body.innerText.includes('\"status\":403');")
        try browser.screenshot("8-cross-site-form")
        // And a script on another site, which would need CORS to send the header.
        let script = "return fetch('http://127.0.0.1:\(live.port)/run', {method: 'POST', credentials: 'include', headers: {'X-Mabs-Token': 'guess'}, body: 'create evil'}).then(() => 'answered', (e) => 'blocked');"
        try browser.open("data:text/html,<p>elsewhere</p>")
        #expect(try browser.eval(script) as? String == "blocked")
        #expect(!live.terminal.screen().contains("evil"))
        #expect((try live.state()["services"] as? [Any])?.isEmpty == true)
    }
}

/// A JavaScript string literal.
enum TerminalQuoted {
    static func js(_ text: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [text])) ?? Data("[\"\"]".utf8)
        return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
    }
}
