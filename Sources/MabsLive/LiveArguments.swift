import MabsLanguage

/// `--live [PORT]`: the port may be left out. The command line parser
/// wants an option's value always given, so before parsing, `--live`
/// takes the next argument as its port when that is a number, and `0`
/// (a free port) otherwise: `mabs --live`, `mabs --live 8080`, `mabs play
/// --live demo.mabs`. Arguments after `--` are left alone.
public enum LiveArguments {
    public static let option = "--live"

    public static func normalized(_ arguments: [String]) -> [String] {
        guard arguments.contains(option) else { return arguments }
        var result: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" {
                result += arguments[index...]
                break
            }
            if argument == option {
                let next = index + 1 < arguments.count ? arguments[index + 1] : nil
                if let next, !next.isEmpty, next.allSatisfy(\.isASCIIDigit) {
                    result.append(option + "=" + next)
                    index += 2
                    continue
                }
                result.append(option + "=0")
            } else {
                result.append(argument)
            }
            index += 1
        }
        return result
    }

    /// The port `--live=VALUE` names: 0 (a free one) to 65535.
    public static func port(_ value: String) -> Result<Int, LiveMessage> {
        guard !value.isEmpty, value.count <= 5, value.allSatisfy(\.isASCIIDigit), let port = Int(value), port <= 65535 else {
            return .failure(.badPort(value))
        }
        return .success(port)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
