import Foundation

/// An inline value reference, `{{ id.path }}` or `{{ id.path | format }}`, in prose or in
/// a directive's parameters; or a formula in the claims language over results,
/// `{{ max(eval.mlp.roc_auc, eval.gru.roc_auc) - eval.lstm.roc_auc | .4f }}`, so that prose
/// can state a range or a difference that stays true when the numbers move.
///
/// The text between the braces is a path when it holds no whitespace and none of
/// `( ) [ ] + * / < > = ! , ' "`; otherwise it is a formula (`a - b` subtracts, `a-b` is a
/// name, as in claims).
public struct InlineExpression: Hashable, Sendable {
    /// The dotted path; the first component is a directive id or `params`. For a formula,
    /// the first path it reads.
    public var path: [String]
    /// The formula, when the reference is not a plain path.
    public var formula: ClaimExpression?
    public var format: ValueFormat?
    /// Where the `{{` starts in the notebook.
    public var location: SourceLocation
    /// Where the expression's first character is (after `{{` and spaces): formula errors are
    /// located from here.
    var textLocation: SourceLocation

    /// Every path the reference reads (one for a plain reference), each with where it starts.
    var paths: [(path: [String], location: SourceLocation)] {
        guard let formula else { return [(path, location)] }
        return formula.paths.map { ($0.path, textLocation.advanced(by: $0.offset)) }
    }

    public static func == (a: InlineExpression, b: InlineExpression) -> Bool {
        a.path == b.path && a.formula == b.formula && a.format == b.format && a.location == b.location
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(path)
        hasher.combine(format)
        hasher.combine(location)
    }

    /// Characters that make the text a formula rather than a path.
    private static let formulaCharacters = Set("()[]+*/<>=!,'\"")

    /// Parses the text between `{{` and `}}`.
    static func parse(_ inner: Substring, at location: SourceLocation) throws(DirectiveError) -> InlineExpression {
        let parts = inner.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
        let pathText = parts[0].trimmingCharacters(in: .whitespaces)
        guard !pathText.isEmpty else { throw DirectiveError("empty reference '{{ }}'", at: location) }
        let leading = parts[0].utf8.count - parts[0].drop(while: { $0 == " " || $0 == "\t" }).utf8.count
        let textLocation = location.advanced(by: 2 + leading)
        var format: ValueFormat?
        if parts.count == 2 {
            let spec = parts[1].trimmingCharacters(in: .whitespaces)
            guard let parsed = ValueFormat(spec) else {
                throw DirectiveError("unknown format '\(spec)' (use .3f, %, .1%, ,d, d, .2e)", at: location)
            }
            format = parsed
        }
        if pathText.contains(where: { $0.isWhitespace || formulaCharacters.contains($0) }) {
            let formula: ClaimExpression
            do throws(ClaimError) {
                formula = try ClaimExpression(parsing: pathText)
            } catch {
                throw DirectiveError("in '{{ \(pathText) }}': \(error.message)", at: textLocation.advanced(by: error.offset))
            }
            guard let first = formula.paths.first else {
                throw DirectiveError("'{{ \(pathText) }}' reads no result: write the value itself", at: location)
            }
            return InlineExpression(path: first.path, formula: formula, format: format, location: location, textLocation: textLocation)
        }
        let path = pathText.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        for component in path where component.isEmpty {
            throw DirectiveError("malformed reference '{{ \(pathText) }}': use id.key.0.key", at: location)
        }
        return InlineExpression(path: path, formula: nil, format: format, location: location, textLocation: textLocation)
    }

    /// The references in `text`, a string whose first byte is at `origin`; code spans
    /// (backticks) are skipped so that documentation of the syntax stays literal.
    /// - Throws: the first malformed reference (see ``scanAll(_:origin:)`` to keep going).
    static func scan(_ text: Substring, origin: SourceLocation) throws(DirectiveError) -> [(range: Range<String.Index>, expression: InlineExpression)] {
        let scanned = scanAll(text, origin: origin)
        var found: [(range: Range<String.Index>, expression: InlineExpression)] = []
        for reference in scanned.references {
            switch reference.parsed {
            case .success(let expression): found.append((reference.range, expression))
            case .failure(let error): throw error
            }
        }
        if let unclosed = scanned.unclosed { throw unclosed }
        return found
    }

    /// A `{{ }}` found in text: where it is and what it parses to, or why it does not.
    struct Reference {
        var range: Range<String.Index>
        var parsed: Result<InlineExpression, DirectiveError>
    }

    /// Every `{{ }}` in `text`, malformed ones included (a bad format, an empty path), so
    /// that one bad reference does not hide the others. An unclosed `{{` ends the scan:
    /// what follows it is text.
    static func scanAll(_ text: Substring, origin: SourceLocation) -> (references: [Reference], unclosed: DirectiveError?) {
        var found: [Reference] = []
        var i = text.startIndex
        var line = origin.line
        var lineStart = text.startIndex
        var columnBase = origin.column
        while i < text.endIndex {
            let c = text[i]
            if c == "\n" {
                line += 1
                lineStart = text.index(after: i)
                columnBase = 1
                i = lineStart
                continue
            }
            if c == "`" {
                // Skip a code span: a run of n backticks up to the next run of exactly n.
                var runEnd = i
                while runEnd < text.endIndex, text[runEnd] == "`" { runEnd = text.index(after: runEnd) }
                let n = text.distance(from: i, to: runEnd)
                var j = runEnd
                var closed: String.Index?
                while j < text.endIndex {
                    if text[j] == "`" {
                        var k = j
                        while k < text.endIndex, text[k] == "`" { k = text.index(after: k) }
                        if text.distance(from: j, to: k) == n { closed = k; break }
                        j = k
                    } else {
                        j = text.index(after: j)
                    }
                }
                if let closed {
                    // Keep line counting right across multi-line spans.
                    for ch in text[runEnd..<closed] where ch == "\n" { line += 1 }
                    if let lastNewline = text[runEnd..<closed].lastIndex(of: "\n") {
                        lineStart = text.index(after: lastNewline)
                        columnBase = 1
                    }
                    i = closed
                } else {
                    i = runEnd
                }
                continue
            }
            if c == "{", text.index(after: i) < text.endIndex, text[text.index(after: i)] == "{" {
                let column = columnBase + text.utf8.distance(from: lineStart, to: i)
                let location = SourceLocation(line: line, column: column)
                let innerStart = text.index(i, offsetBy: 2)
                guard let close = text[innerStart...].range(of: "}}") else {
                    return (found, DirectiveError("unclosed '{{': add '}}'", at: location))
                }
                let inner = text[innerStart..<close.lowerBound]
                if inner.contains("\n") { return (found, DirectiveError("unclosed '{{': add '}}' on the same line", at: location)) }
                let parsed: Result<InlineExpression, DirectiveError>
                do throws(DirectiveError) { parsed = .success(try parse(inner, at: location)) } catch { parsed = .failure(error) }
                found.append(Reference(range: i..<close.upperBound, parsed: parsed))
                i = close.upperBound
                continue
            }
            i = text.index(after: i)
        }
        return (found, nil)
    }
}

/// A Python-style format for an inline value: `.3f`, `%` (percent, one decimal), `.2%`,
/// `,d` (integer with thousands separators), `d`, `,.2f`, `.2e`.
public struct ValueFormat: Hashable, Sendable {
    public enum Kind: Hashable, Sendable { case fixed, percent, integer, exponent }
    public var kind: Kind
    public var precision: Int?
    public var groupsThousands: Bool

    public init?(_ spec: String) {
        var s = Substring(spec)
        groupsThousands = s.hasPrefix(",")
        if groupsThousands { s = s.dropFirst() }
        var precision: Int?
        if s.hasPrefix(".") {
            let digits = s.dropFirst().prefix(while: \.isNumber)
            guard !digits.isEmpty, let p = Int(digits), p <= 17 else { return nil }
            precision = p
            s = s.dropFirst(1 + digits.count)
        }
        switch s {
        case "f": kind = .fixed
        case "%": kind = .percent
        case "d": kind = .integer; if precision != nil { return nil }
        case "e": kind = .exponent
        case "" where precision != nil: kind = .fixed
        default: return nil
        }
        self.precision = precision
    }

    /// Formats `x`; the output does not depend on the locale.
    public func format(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "NaN" : (x > 0 ? "inf" : "-inf") }
        switch kind {
        case .fixed:
            return group(String(format: "%.\(precision ?? 6)f", x))
        case .percent:
            return group(String(format: "%.\(precision ?? 1)f", x * 100)) + "%"
        case .integer:
            return group(String(format: "%.0f", x.rounded()))
        case .exponent:
            return String(format: "%.\(precision ?? 6)e", x)
        }
    }

    private func group(_ s: String) -> String {
        guard groupsThousands else { return s }
        var sign = "", rest = Substring(s)
        if rest.hasPrefix("-") { sign = "-"; rest = rest.dropFirst() }
        let intPart = rest.prefix(while: \.isNumber)
        let tail = rest.dropFirst(intPart.count)
        var grouped = ""
        for (i, ch) in intPart.enumerated() {
            if i > 0, (intPart.count - i) % 3 == 0 { grouped.append(",") }
            grouped.append(ch)
        }
        return sign + grouped + tail
    }
}

extension JSONValue {
    /// The value as prose: numbers with `format` or, by default, integers as they are and
    /// other numbers with four significant digits; lists joined with commas.
    public func inlineText(format: ValueFormat?) -> String {
        switch self {
        case .null: return "n/a"
        case .bool(let b): return b ? "true" : "false"
        case .string(let s): return s
        case .number(let x):
            if let format { return format.format(x) }
            if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
            return String(format: "%.4g", x)
        case .array(let items): return items.map { $0.inlineText(format: format) }.joined(separator: ", ")
        case .object: return compact()
        }
    }
}
