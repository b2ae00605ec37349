import Foundation
import Testing

/// Whether `Scripts/test --quick` runs the tests: it sets MABS_TEST_QUICK.
let quickRun = ProcessInfo.processInfo.environment["MABS_TEST_QUICK"] != nil

extension Tag {
    /// Too slow for the quick loop: a million statements, 128 MiB, kill loops, a terminal.
    @Tag static var heavy: Self
}

extension Trait where Self == ConditionTrait {
    /// Beside `.tags(.heavy)`: `Scripts/test --quick` leaves the test out; `Scripts/test` runs it.
    static var heavy: Self { .disabled(if: quickRun, "heavy: left out by Scripts/test --quick") }
}
