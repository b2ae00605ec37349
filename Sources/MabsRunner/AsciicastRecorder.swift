import MabsHost

/// Writes what a play shows as an asciicast v2 recording (the format of
/// asciinema, https://docs.asciinema.org/manual/asciicast/v2/): a header
/// object on the first line, then one `[time, "o", text]` event per chunk
/// of output, one JSON value a line.
///
/// Times are simulated: the pauses and typing delays the play asked for,
/// not the wall clock, so a recording is the same however fast the
/// machine (and a statement's run takes no time); the header has no
/// `timestamp` (it is optional), since the wall clock would make each
/// recording of one script differ. Line ends are `\r\n`,
/// as a terminal receives them. The file appears whole, when the play
/// ends (`finish()`), or not at all.
public final class AsciicastRecorder {
    public struct Header: Sendable {
        public var width: Int
        public var height: Int
        public var title: String
        /// `TERM` and `SHELL`, as asciinema records them (those set).
        public var environment: [(name: String, value: String)]

        public init(width: Int, height: Int, title: String, environment: [(name: String, value: String)]) {
            self.width = width
            self.height = height
            self.title = title
            self.environment = environment
        }
    }

    private let file: AtomicFile
    private var text: String
    private var lastTime: UInt64 = 0

    /// Makes the recording's temporary file (so a folder that cannot take
    /// it is found before anything plays); throws a sentence saying why
    /// it cannot.
    public init(path: String, header: Header) throws(FileReader.Failure) {
        file = try AtomicFile(replacing: path)
        text = Self.headerLine(header)
    }

    public var path: String { file.path }

    /// One output event at `microseconds` from the start (never before the
    /// last one).
    public func output(_ shown: String, at microseconds: UInt64) {
        guard !shown.isEmpty else { return }
        lastTime = max(lastTime, microseconds)
        text += Self.eventLine(time: lastTime, text: Self.terminalLineEnds(shown))
    }

    /// Puts the recording in place; throws a sentence saying why it cannot.
    public func finish() throws(FileReader.Failure) {
        try file.commit(text)
    }

    /// Leaves no recording behind.
    public func abandon() {
        file.discard()
    }

    // MARK: - The format

    /// `{"version": 2, "width": 80, "height": 24, "title": ..., "env": {...}}` and a newline.
    static func headerLine(_ header: Header) -> String {
        let environment = header.environment.map { "\(jsonString($0.name)): \(jsonString($0.value))" }.joined(separator: ", ")
        return "{\"version\": 2, \"width\": \(header.width), \"height\": \(header.height), "
            + "\"title\": \(jsonString(header.title)), "
            + "\"env\": {\(environment)}}\n"
    }

    /// `[1.234567, "o", "text"]` and a newline.
    static func eventLine(time microseconds: UInt64, text: String) -> String {
        "[\(seconds(microseconds)), \"o\", \(jsonString(text))]\n"
    }

    /// Seconds with six decimals: `12.000040`.
    static func seconds(_ microseconds: UInt64) -> String {
        let fraction = String(microseconds % 1_000_000)
        return "\(microseconds / 1_000_000)." + String(repeating: "0", count: 6 - fraction.count) + fraction
    }

    /// Every `\n` as `\r\n`, as a terminal's output processing sends it.
    static func terminalLineEnds(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\n") { bytes.append(UInt8(ascii: "\r")) }
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A JSON string literal. TAP's YAML scalars are written the same
    /// way (a YAML double-quoted scalar escaped so is valid JSON), so one
    /// function serves both.
    static func jsonString(_ text: String) -> String { TAP.quoted(text) }
}
