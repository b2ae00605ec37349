// Every expression form and the precedence table.
import Testing
@testable import MabsLanguage

@Suite struct ParseExpressionTests {
    static let examples: [Example] = [
        // Literals and primaries.
        Example("42", "42"),
        Example("90s", "1m30s"),
        Example("30m", "30m"),
        Example("2h", "2h"),
        Example("1d", "1d"),
        Example("1d2h3m4s", "1d2h3m4s"),
        Example("120s", "2m"),
        Example(#""hello""#, #""hello""#),
        Example(#""""#, #""""#),
        Example(#""a\"b\\c\nd\te\$f""#, #""a\"b\\c\nd\te\$f""#),
        Example(#""\${not interpolated}""#, #""\${not interpolated}""#),
        Example(#""\u{41}\u{e9}\u{1F600}""#, #""Aé😀""#),
        // Control characters, however written, print as the escapes that read back.
        Example(#""a\rb\u{1B}c\u{202e}\u{e9}\u{1F600}""#, #""a\rb\u{1B}c\u{202E}é😀""#),
        Example("\"raw\rcr\"", #""raw\rcr""#),
        Example("\"two\nlines\"", #""two\nlines""#),
        Example("true", "true"),
        Example("false", "false"),
        Example("[1, 2, 3]", "(list 1 2 3)"),
        Example("[]", "(list)"),
        Example("[\n  a,\n  b\n]", "(list a b)"),
        Example("1..5", "(.. 1 5)"),
        Example("1.10", "1.10"),
        Example("version(x) >= 1.9.2", "(>= (call version x) 1.9.2)"),
        Example("$x", "$x"),
        Example("$a-1", "$a-1"),
        Example("$a - 1", "(- $a 1)"),
        Example("contoso-dr", "contoso-dr"),
        Example("StopFailed", "StopFailed"),
        Example("premium", "premium"),
        // Lifecycle predicates.
        Example("contoso is active", "(is contoso active)"),
        Example("contoso is not active", "(is-not contoso active)"),
        Example(#"$s is "Stop Failed""#, #"(is $s "Stop Failed")"#),
        Example("contoso can start", "(can contoso start)"),
        Example("contoso cannot service-update", "(cannot contoso service-update)"),
        // Calls.
        Example("state(contoso)", "(call state contoso)"),
        Example("units(contoso)", "(call units contoso)"),
        Example("edition(contoso-dr)", "(call edition contoso-dr)"),
        Example("exists(nightly)", "(call exists nightly)"),
        Example("f()", "(call f)"),
        Example("max(1, units(x) + 1)", "(call max 1 (+ (call units x) 1))"),
        Example("f(\n  1,\n  2\n)", "(call f 1 2)"),
        // Operators.
        Example("1 == 2", "(== 1 2)"),
        Example("1 != 2", "(!= 1 2)"),
        Example("1 < 2", "(< 1 2)"),
        Example("1 <= 2", "(<= 1 2)"),
        Example("1 > 2", "(> 1 2)"),
        Example("1 >= 2", "(>= 1 2)"),
        Example("a and b", "(and a b)"),
        Example("a or b", "(or a b)"),
        Example("not a", "(not a)"),
        Example("1 + 2", "(+ 1 2)"),
        Example("1 - 2", "(- 1 2)"),
        Example("2 * 3", "(* 2 3)"),
        Example("6 / 3", "(/ 6 3)"),
        Example("7 % 3", "(% 7 3)"),
        // Membership and indexes.
        Example("nightly in backups(x)", "(in nightly (call backups x))"),
        Example("\"a\" in $l and 1 in 1..3", "(and (in \"a\" $l) (in 1 (.. 1 3)))"),
        Example("$l[0]", "([] $l 0)"),
        Example("$l[$i + 1][0]", "([] ([] $l (+ $i 1)) 0)"),
        Example("warnings()[0]", "([] (call warnings) 0)"),
        Example("-$l[1] * 2", "(* (- ([] $l 1)) 2)"),
        Example("[1, 2][1]", "([] (list 1 2) 1)"),
        Example("-x", "(- x)"),
        Example("- -2", "(- (- 2))"),
        Example("(1)", "1"),
        // Precedence and associativity.
        Example("1 + 2 * 3", "(+ 1 (* 2 3))"),
        Example("(1 + 2) * 3", "(* (+ 1 2) 3)"),
        Example("1 - 2 - 3", "(- (- 1 2) 3)"),
        Example("8 / 4 / 2", "(/ (/ 8 4) 2)"),
        Example("-2 * 3", "(* (- 2) 3)"),
        Example("-units(x) % 2", "(% (- (call units x)) 2)"),
        Example("a or b and c", "(or a (and b c))"),
        Example("a and b or c", "(or (and a b) c)"),
        Example("not a and b", "(and (not a) b)"),
        Example("not a == b", "(not (== a b))"),
        Example("not not a", "(not (not a))"),
        Example("a == not b", "(== a (not b))"),
        Example("1 + 2 < 4", "(< (+ 1 2) 4)"),
        Example("1..$n + 1", "(.. 1 (+ $n 1))"),
        Example("1 + 1..2 * 3", "(.. (+ 1 1) (* 2 3))"),
        Example("x is active and y is not stopped or z can start",
                "(or (and (is x active) (is-not y stopped)) (can z start))"),
        Example("not x is active", "(not (is x active))"),
        Example("state(x) == active", "(== (call state x) active)"),
        Example("(1 < 2) == true", "(== (< 1 2) true)"),
        // Interpolation.
        Example(#""svc-${i}""#, #"(str "svc-" $i)"#),
        Example(#""${$i}""#, "(str $i)"),
        Example(#""${1 + 2} units""#, #"(str (+ 1 2) " units")"#),
        Example(#""a ${"b ${c} d"} e""#, #"(str "a " (str "b " $c " d") " e")"#),
        Example(#""${f("}")}""#, #"(str (call f "}"))"#),
        Example(#""${[1, 2]}""#, "(str (list 1 2))"),
        Example("\"${\n 1 +\n 2\n}\"", "(str (+ 1 2))"),
        Example(#""${state(x)}: ${units(x)} units""#, #"(str (call state x) ": " (call units x) " units")"#),
    ]

    @Test(arguments: examples)
    func expression(_ example: Example) {
        #expect(exprSexpr(example.source) == example.expected)
    }

    @Test func expressionRanges() {
        let parsed = parseSource("print (1 + 2) * state(x)")
        guard case .print(let expr) = parsed.result.script.statements[0].kind,
              case .chain(let left, let links) = expr.kind, let right = links.first?.operand
        else {
            Issue.record("unexpected shape \(parsed.sexpr)")
            return
        }
        #expect(parsed.file.text(of: expr.range) == "(1 + 2) * state(x)")
        #expect(parsed.file.text(of: left.range) == "(1 + 2)")
        #expect(parsed.file.text(of: right.range) == "state(x)")
    }

    @Test func literalValues() {
        let parsed = parseSource("print 9223372036854775807; wait 1d1s")
        let statements = parsed.result.script.statements
        guard case .print(let big) = statements[0].kind, case .wait(let duration) = statements[1].kind else {
            Issue.record("unexpected shape")
            return
        }
        guard case .integer(let value) = big.kind, case .duration(let seconds) = duration.kind else {
            Issue.record("unexpected kinds")
            return
        }
        #expect(value == Int.max)
        #expect(seconds == 86_401)
    }
}
