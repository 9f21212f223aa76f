/// A position in a notebook: 1-based line, 1-based column in UTF-8 bytes.
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }

    public var description: String { "\(line):\(column)" }

    /// The location `bytes` UTF-8 bytes further on the same line.
    public func advanced(by bytes: Int) -> SourceLocation {
        SourceLocation(line: line, column: column + bytes)
    }
}

/// A problem found while parsing or rendering a notebook, printed as
/// `path:line:column: error: message` followed by the source line and a caret.
public struct Diagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning, note }

    /// The file the location refers to, as given on the command line (relative paths stay relative).
    public var path: String
    public var location: SourceLocation
    public var severity: Severity
    public var message: String
    /// The text of the offending line, when known, for the snippet under the message.
    public var sourceLine: String?

    public init(path: String, location: SourceLocation, severity: Severity = .error,
                message: String, sourceLine: String? = nil) {
        self.path = path
        self.location = location
        self.severity = severity
        self.message = message
        self.sourceLine = sourceLine
    }

    /// The one-line form, `path:line:column: error: message`.
    public var description: String {
        "\(path):\(location.line):\(location.column): \(severity.rawValue): \(message)"
    }

    /// The one-line form followed by the source line and a caret under the column.
    public var rendered: String {
        guard let sourceLine else { return description }
        let prefix = sourceLine.utf8.prefix(max(0, location.column - 1))
        let pad = String(decoding: prefix, as: UTF8.self).map { $0 == "\t" ? "\t" : " " }.joined()
        return "\(description)\n\(sourceLine)\n\(pad)^"
    }
}

/// An error raised by a directive or the engine, located in the notebook when possible.
/// The engine fills in the path and, when the thrower did not know it, the location of
/// the directive's fence.
public struct DirectiveError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var location: SourceLocation?
    /// Further errors found together with this one, each with its own location: every
    /// unknown key and every invalid parameter of a block, not just the first.
    public var others: [DirectiveError] = []

    public init(_ message: String, at location: SourceLocation? = nil) {
        self.message = message
        self.location = location
    }

    /// The first of `errors` carrying the rest as ``others``, or `nil` when there is none.
    public init?(collecting errors: [DirectiveError]) {
        guard let first = errors.first else { return nil }
        self.init(first.message, at: first.location)
        others = first.others + errors.dropFirst().flatMap(\.all)
    }

    /// This error and its ``others``, one per location.
    public var all: [DirectiveError] {
        [DirectiveError(message, at: location)] + others.flatMap(\.all)
    }

    public var description: String { message }
}
