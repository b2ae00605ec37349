/// An error that stops the script, unless an `expect error` block catches it.
struct RuntimeError: Error {
    var message: Message.Runtime
    var site: Site
    var notes: [Note] = []
    /// Calls unwound past the traceback's limit.
    var hiddenCalls = 0

    /// The most calls a traceback lists; a runaway recursion says how many
    /// more there were instead of listing two hundred.
    static let tracebackLimit = 8

    /// Notes that the error left the procedure `name`, called at `site`.
    /// A recursion's repeated call site is listed once.
    mutating func calledFrom(_ name: String, _ site: Site) {
        let calls = notes.filter { if case .remark(.calledFrom) = $0.message { true } else { false } }
        let repeated = calls.last.map { $0.range == site.range && $0.file?.name == site.file.name } ?? false
        if !repeated && calls.count < Self.tracebackLimit {
            notes.append(Note(.calledFrom(name), file: site.file, range: site.range))
        } else {
            hiddenCalls += 1
        }
    }

    init(_ message: Message.Runtime, _ site: Site, notes: [Note] = []) {
        self.message = message
        self.site = site
        self.notes = notes
    }

    var diagnostic: Diagnostic {
        Diagnostic(.error, .runtime(message), file: site.file, range: site.range,
                   notes: notes + (hiddenCalls > 0 ? [Note(.moreCalls(hiddenCalls))] : []))
    }
}

/// Control leaving statements early: not errors.
enum Unwind: Error {
    case `return`(Value)
    /// `--bail` after a failed check.
    case bail
}
