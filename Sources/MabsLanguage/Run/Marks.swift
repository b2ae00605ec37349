// `skip "REASON" { }` and `todo "REASON" { }`: blocks whose checks reports
// mark, as TAP's SKIP and TODO directives do.
extension Machine {
    /// `skip`: nothing in the block runs; each check written in it is
    /// reported skipped, as a harness skips a test.
    func skip(_ marked: MarkedBlock, _ chunk: Chunk) {
        guard case .string(let reason) = stack.removeLast() else { preconditionFailure("a reason") }
        for site in CheckSites.of(marked.body.statements, in: chunk.file) {
            var event = site.event
            event.outcome = .skipped
            event.mark = .skip(reason)
            event.message = reason
            output.record(secrets.asShown(event))
        }
    }

    /// `todo`: the block's failed checks are expected (warnings) until
    /// `todoEnd`.
    func todoStart() {
        guard case .string(let reason) = stack.removeLast() else { preconditionFailure("a reason") }
        todoReasons.append(reason)
    }

    func todoEnd() {
        todoReasons.removeLast()
    }
}
