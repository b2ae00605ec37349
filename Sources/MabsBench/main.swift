// mabs-bench: what Scripts/bench measures inside one process.
//
//   mabs-bench completion [SERVICES] [REPETITIONS]
//   mabs-bench engine [OPERATIONS] [SERVICES]
//
// creates SERVICES services (default 100,000) in a Session, as a script
// at the prompt would, then times Tab at the prompt REPETITIONS times
// (default 21) in two places: after `stop ` with a partial name that about
// 11 services match (`stop bench-4242` with 100,000), and after `stop `
// with nothing typed, where every service is a candidate; then the first
// Tab after a statement ran, which sorts the names again. It prints the
// partial line, and for each the median CPU time of the thread (which a
// busy machine inflates less) and the median wall time, in milliseconds:
//
//   completion-prefix stop bench-4242
//   completion-prefix-ms 0.123 0.130
//   completion-all-ms 45.678 46.001
//   completion-first-ms 50.123 50.456
//
// `engine` times the lifecycle engine alone, without the language: it
// creates SERVICES services (default 100), then runs OPERATIONS (default
// 10,000,000) restarts over them in turn, first by identity (each name
// resolved once), then by name (each run looks its name up), and prints
// the CPU time of the thread per operation, in nanoseconds, and the rate:
//
//   engine-by-id-ns 12.3 81300813
//   engine-by-name-ns 45.6 21929824
import Glibc
import Lifecycle
import MabsLanguage

/// Drops what the script prints; a creation loop prints nothing anyway.
final class Discard: ScriptOutput {
    func write(_ text: String) {}
    func report(_ diagnostic: Diagnostic) {}
    func flush() {}
}

func fail(_ message: String) -> Never {
    let line = Array("mabs-bench: \(message)\n".utf8)
    _ = write(2, line, line.count)
    exit(2)
}

/// A clock's reading in milliseconds.
func milliseconds(_ clock: clockid_t) -> Double {
    var now = timespec()
    clock_gettime(clock, &now)
    return Double(now.tv_sec) * 1e3 + Double(now.tv_nsec) / 1e6
}

/// The medians of `repetitions` timings of `body` (thread CPU and wall, in
/// milliseconds), and what the last run returned.
func median(_ repetitions: Int, _ body: () -> Int) -> (cpu: Double, wall: Double, found: Int) {
    var cpu: [Double] = []
    var wall: [Double] = []
    var found = 0
    for _ in 0..<repetitions {
        let (cpu0, wall0) = (milliseconds(CLOCK_THREAD_CPUTIME_ID), milliseconds(CLOCK_MONOTONIC))
        found = body()
        cpu.append(milliseconds(CLOCK_THREAD_CPUTIME_ID) - cpu0)
        wall.append(milliseconds(CLOCK_MONOTONIC) - wall0)
    }
    return (cpu.sorted()[repetitions / 2], wall.sorted()[repetitions / 2], found)
}

let usage = "usage: mabs-bench completion [SERVICES] [REPETITIONS] | mabs-bench engine [OPERATIONS] [SERVICES]"
let arguments = CommandLine.arguments.dropFirst()
let numbers = arguments.dropFirst().map { Int($0) }
guard numbers.allSatisfy({ ($0 ?? 0) >= 1 }), numbers.count <= 2 else { fail("the numbers are whole numbers from 1 up; \(usage)") }

/// Restarts by identity and by name, and the CPU time of each per run.
func engine(operations: Int, services count: Int) {
    var engine = Engine()
    let names = (1...count).map { "bench-svc-\($0)" }
    do {
        for name in names { _ = try engine.create(name) }
    } catch {
        fail("could not create \(count) services: \(error)")
    }
    let ids = names.map { engine.id(of: $0)! }
    // What the runs left, so none is optimised away.
    var states = 0
    func timed(_ label: String, _ run: (Int) throws(LifecycleError) -> OperationReport) {
        let start = milliseconds(CLOCK_THREAD_CPUTIME_ID)
        do {
            for index in 0..<operations { states &+= Int(try run(index).entry.to?.rawValue ?? 0) }
        } catch {
            fail("\(label): \(error)")
        }
        let elapsed = (milliseconds(CLOCK_THREAD_CPUTIME_ID) - start) / 1e3
        print("\(label) \(elapsed / Double(operations) * 1e9) \(Int(Double(operations) / elapsed))")
    }
    timed("engine-by-id-ns") { index throws(LifecycleError) in try engine.perform(.restart, on: ids[index % count]) }
    timed("engine-by-name-ns") { index throws(LifecycleError) in try engine.perform(.restart, on: names[index % count]) }
    guard engine.log.total == count + 2 * operations, states == 0 else { fail("the runs did not all succeed") }
}

switch arguments.first {
case "engine":
    engine(operations: numbers.first.flatMap { $0 } ?? 10_000_000, services: numbers.dropFirst().first.flatMap { $0 } ?? 100)
    exit(0)
case "completion": break
default: fail(usage)
}
let services = numbers.first.flatMap { $0 } ?? 100_000
let repetitions = numbers.dropFirst().first.flatMap { $0 } ?? 21

let session = Session(output: Discard())
let setup = session.prepare(SourceFile(name: "<setup>", text: "for i in 1..\(services) { create \"bench-${i}\" }"))
guard !setup.hasErrors, session.run(setup) == .finished else {
    fail("could not create \(services) services")
}

// A partial name 11 services share: with 100,000, bench-4242 and
// bench-42420 to bench-42429.
let prefix = "stop bench-" + "4242424242424242".prefix(max(1, String(services).count - 2))
let few = median(repetitions) {
    guard case .words(let words) = session.completions(line: prefix, cursor: prefix.count).candidates else { return -1 }
    return words.count
}
let all = median(repetitions) {
    guard case .words(let words) = session.completions(line: "stop ", cursor: 5).candidates else { return -1 }
    return words.count
}
// The first Tab after a statement ran: the sorted index of names is built
// again (a run may have added or removed services).
let touch = session.prepare(SourceFile(name: "<prompt>", text: "let touched = 1"))
let first = median(repetitions) {
    session.run(touch)
    guard case .words(let words) = session.completions(line: prefix, cursor: prefix.count).candidates else { return -1 }
    return words.count
}
guard few.found >= 1, all.found == services, first.found == few.found else { fail("completion offered \(few.found) and \(all.found) names") }
print("completion-prefix \(prefix)")
print("completion-prefix-ms \(few.cpu) \(few.wall)")
print("completion-all-ms \(all.cpu) \(all.wall)")
print("completion-first-ms \(first.cpu) \(first.wall)")
