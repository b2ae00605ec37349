// Numbers at their limits, through the real binary: each reproducer that
// once trapped (exit 132) or answered wrongly ends with an error naming
// the limit, or works.
import Foundation
import Testing

@Suite("Numbers at their limits")
struct ArithmeticBoundsTests {
    /// `mabs -e SOURCE`: its status and the first line of standard error.
    private func run(_ source: String) throws -> (status: Int32, stdout: String, error: String) {
        let result = try MabsProcess.run(["-e", source])
        let error = result.stderr.split(separator: "\n").first.map(String.init) ?? ""
        return (result.status, result.stdout, error)
    }

    @Test("arming more failures than may wait is refused, at check time for a literal count, at run time for a computed one")
    func armedCounts() throws {
        let literal = try run("fail next stop on contoso times 9223372036854775807; fail next stop on contoso times 1")
        #expect(literal.status == 2)
        #expect(literal.error == "<command line>:1:33: error: the failure count must be at most 1000000000, not 9223372036854775807")

        // These trapped adding to, and summing, the counts.
        for source in [
            "let n = 9223372036854775807; fail next stop on contoso times $n; fail next stop on contoso times 1",
            "let n = 4611686018427387904; fail next stop on contoso times $n; fail next start on contoso times $n; fail clear",
        ] {
            let computed = try run(source)
            #expect(computed.status == 1, "\(source)")
            #expect(computed.error.hasSuffix(" error: the failure count must be at most 1000000000, not \(source.dropFirst(8).prefix { $0 != ";" })"), "\(computed.error)")
        }

        let summed = try run("""
            let most = 1000000000
            fail next stop on contoso times $most
            fail next start on contoso times $most
            expect error "already wait" { fail next stop on contoso times 1 }
            fail clear
            list failures
            """)
        #expect(summed.status == 0, "\(summed.error)")
        #expect(summed.stdout == "no armed failures\nchaos: off\n1 passed, 0 failed\n")
    }

    @Test("the least number can be written, and dividing it by -1 is an overflow error, not 0")
    func leastNumber() throws {
        let remainder = try run("print (-9223372036854775808) % -1")
        #expect(remainder.status == 1)
        #expect(remainder.error == "<command line>:1:7: error: the result of '%' is too large for a number")
        let printed = try run("print -9223372036854775808; print -9223372036854775807 - 1 == -9223372036854775808")
        #expect(printed.status == 0 && printed.stdout == "-9223372036854775808\ntrue\n", "\(printed.error)")
        let quotient = try run("print -9223372036854775808 / -1")
        #expect(quotient.error == "<command line>:1:7: error: the result of '/' is too large for a number")
        // Only the least number has no positive counterpart, and only a sign makes it.
        let positive = try run("print 5 -9223372036854775808")
        #expect(positive.status == 2)
        #expect(positive.error == "<command line>:1:10: error: integer '9223372036854775808' is too large")
        let negated = try run("print -(-9223372036854775808)")
        #expect(negated.status == 1)
        #expect(negated.error == "<command line>:1:7: error: the result of '-' is too large for a number")
    }

    @Test("a list's text longer than any value is refused where the engine would keep it (so a saved workspace stays one a run can open)", .tags(.heavy), .heavy)
    func storedTexts() throws {
        // 2^20 items of 18 digits: within the value limit as a list, 20 MB as text.
        let result = try MabsProcess.run(["-e", """
            let l = [123456789012345678]
            repeat 20 { let l = $l + $l }
            create contoso
            expect error "this region would be too large" { create fabrikam region $l }
            expect error "this setting would be too large" { update contoso set acs-namespace = $l }
            expect error "this version would be too large" { service-update contoso to $l }
            expect error "this source folder would be too large" { add agreement a1 to contoso source $l }
            assert not exists(fabrikam) and setting(contoso, acs-namespace) == "" and version(contoso) == "1.0"
            """])
        #expect(result.stderr == "")
        #expect(result == .init(stdout: "5 passed, 0 failed\n", stderr: "", status: 0))
    }
}
