// `skip "REASON" { }` and `todo "REASON" { }`: blocks whose checks reports
// mark, as TAP's SKIP and TODO directives do.
extension Interpreter {
    func run(marked mark: BlockMark, because reason: Expr, _ body: Block, _ at: Site) throws {
        let reason = try text(reason, at.file, "as a reason")
        switch mark {
        case .skip:
            // Nothing in the block runs; each check written in it is
            // reported skipped, as a harness skips a test.
            for site in CheckSites.of(body.statements, in: at.file) {
                var event = site
                event.outcome = .skipped
                event.mark = .skip(reason)
                event.message = reason
                output.record(asShown(event))
            }
        case .todo:
            todoReasons.append(reason)
            defer { todoReasons.removeLast() }
            try execute(body.statements, in: at.file)
        }
    }
}
