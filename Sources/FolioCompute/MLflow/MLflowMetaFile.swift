/// A reader for exactly the YAML that MLflow's file store writes in `meta.yaml` files, and
/// nothing more (FolioCompute has no YAML library).
///
/// MLflow writes these files with PyYAML's `safe_dump(default_flow_style=False)`: a flat
/// mapping of `key: value` lines. Supported:
/// - plain scalars, which PyYAML folds over several lines when they are long and hold
///   spaces (continuation lines are indented; they are joined with a space);
/// - single-quoted (`''` is a quote) and double-quoted (backslash escapes) scalars, also
///   folded over lines;
/// - the empty collections `[]` and `{}` (`tags: []`);
/// - `null`, `~` and an empty value as null; `true`/`false`; integers; comment lines and
///   a leading `---`.
///
/// Anything else (nested mappings or lists, non-empty flow collections, block scalars
/// `|` `>`, anchors, aliases, tags, duplicate keys) is an error that names the file and
/// line. Plain values that YAML 1.1 would read as floats, dates or other booleans are kept
/// as text; MLflow's files hold none.
enum MLflowMetaFile {
    /// A value of a `meta.yaml` key.
    enum Value: Hashable, Sendable {
        case string(String)
        case integer(Int64)
        case bool(Bool)
        case null
        case emptySequence
        case emptyMapping

        /// The value as text: strings as they are, integers in decimal, nil otherwise.
        var text: String? {
            switch self {
            case .string(let s): s
            case .integer(let i): String(i)
            default: nil
            }
        }

        /// The value as an integer (strings of digits too, as MLflow ids are).
        var integer: Int64? {
            switch self {
            case .integer(let i): i
            case .string(let s): Int64(s)
            default: nil
            }
        }
    }

    /// Parses `text`, the content of the file at `path` (used in errors).
    static func parse(_ text: String, path: String) throws(DataError) -> [String: Value] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
            line.hasSuffix("\r") ? line.dropLast() : line
        }
        if lines.last == "" { lines.removeLast() }
        var result: [String: Value] = [:]
        var i = 0
        func fail(_ message: String, _ line: Int) -> DataError {
            DataError(
                .malformed, message + " (folio reads only the flat `key: value` YAML that MLflow writes)", path: path,
                line: line + 1)
        }
        while i < lines.count {
            let line = lines[i]
            let trimmed = line.trimmingCharacters(in: " \t")
            if trimmed.isEmpty || trimmed.hasPrefix("#") || (i == 0 && trimmed == "---") || trimmed == "..." {
                i += 1
                continue
            }
            if line.first == " " || line.first == "\t" {
                throw fail("unexpected indented line", i)
            }
            if line.hasPrefix("- ") || line == "-" {
                throw fail("a list is not supported here", i)
            }
            guard let colon = keyColon(in: line) else {
                throw fail("expected `key: value`", i)
            }
            let key = String(line[line.startIndex..<colon])
            if key.first == "\"" || key.first == "'" || key.first == "?" || key.first == "{" || key.first == "[" {
                throw fail("complex or quoted keys are not supported", i)
            }
            if result[key] != nil {
                throw fail("duplicate key \"\(key)\"", i)
            }
            let startLine = i
            var rest = line[line.index(after: colon)...].trimmingCharacters(in: " \t")
            // Continuation lines: indented lines (or blank lines followed by indented ones).
            var continuation: [Substring] = []
            var j = i + 1
            while j < lines.count {
                let next = lines[j]
                if next.first == " " || next.first == "\t" {
                    continuation.append(next)
                    j += 1
                } else if next.trimmingCharacters(in: " \t").isEmpty, j + 1 < lines.count,
                    lines[j + 1].first == " " || lines[j + 1].first == "\t"
                {
                    continuation.append(next)
                    j += 1
                } else {
                    break
                }
            }
            i = j
            if rest.isEmpty {
                if !continuation.isEmpty {
                    throw fail("nested mappings and lists are not supported (key \"\(key)\")", startLine)
                }
                result[key] = .null
                continue
            }
            let value: Value
            switch rest.first! {
            case "'", "\"":
                let quote = rest.first!
                var source = Substring(rest)
                for more in continuation { source += "\n" + more }
                guard let (content, after) = quoted(source, quote: quote) else {
                    throw fail("unterminated or invalid quoted value for key \"\(key)\"", startLine)
                }
                let tail = after.trimmingCharacters(in: " \t\n")
                if !tail.isEmpty && !tail.hasPrefix("#") {
                    throw fail("unexpected text after the quoted value of key \"\(key)\"", startLine)
                }
                value = .string(content)
            case "[", "{":
                let compact = rest.filter { $0 != " " }
                guard continuation.isEmpty, compact == "[]" || compact == "{}" else {
                    throw fail("only empty [] and {} collections are supported (key \"\(key)\")", startLine)
                }
                value = compact == "[]" ? .emptySequence : .emptyMapping
            case "|", ">", "&", "*", "!", "%", "@", "`":
                throw fail("YAML feature `\(rest.first!)` is not supported (key \"\(key)\")", startLine)
            default:
                rest = stripComment(rest)
                var folded = rest
                var pendingBreaks = 0
                for more in continuation {
                    let piece = stripComment(more.trimmingCharacters(in: " \t"))
                    if piece.isEmpty {
                        pendingBreaks += 1
                        continue
                    }
                    folded += pendingBreaks == 0 ? " " : String(repeating: "\n", count: pendingBreaks)
                    folded += piece
                    pendingBreaks = 0
                }
                value = continuation.isEmpty ? resolve(folded) : .string(folded)
            }
            result[key] = value
        }
        return result
    }

    /// The colon that ends the key: the first `:` followed by a space or the line end.
    private static func keyColon(in line: Substring) -> Substring.Index? {
        var index = line.startIndex
        while index < line.endIndex {
            if line[index] == ":" {
                let next = line.index(after: index)
                if next == line.endIndex || line[next] == " " || line[next] == "\t" { return index }
            }
            index = line.index(after: index)
        }
        return nil
    }

    /// A plain scalar's value: null, bool, integer or text.
    private static func resolve(_ plain: String) -> Value {
        switch plain {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default:
            var digits = Substring(plain)
            if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
            if !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
                digits.count == 1 || digits.first != "0", let value = Int64(plain)
            {
                return .integer(value)
            }
            return .string(plain)
        }
    }

    /// Drops a ` #comment` from a plain scalar.
    private static func stripComment(_ text: String) -> String {
        guard let hash = text.range(of: " #") else { return text }
        return String(text[..<hash.lowerBound]).trimmingCharacters(in: " \t")
    }

    /// A quoted scalar at the start of `source` (which may span lines): its content, with
    /// YAML line folding, and what follows the closing quote.
    private static func quoted(_ source: Substring, quote: Character) -> (String, Substring)? {
        var content = ""
        var index = source.index(after: source.startIndex)
        var lineBuffer = ""  // the current line's content, trailing spaces trimmed at breaks
        var breaks = 0  // consecutive line breaks seen
        var atLineStart = false
        func flushBreaks() {
            if breaks > 0 {
                content = content.trimmingTrailingSpaces()
                content += breaks == 1 ? " " : String(repeating: "\n", count: breaks - 1)
                breaks = 0
            }
        }
        while index < source.endIndex {
            let c = source[index]
            if c == "\n" {
                content += lineBuffer
                lineBuffer = ""
                breaks += 1
                atLineStart = true
                index = source.index(after: index)
                continue
            }
            if atLineStart && (c == " " || c == "\t") {
                index = source.index(after: index)
                continue
            }
            atLineStart = false
            if c == quote {
                let next = source.index(after: index)
                if quote == "'" && next < source.endIndex && source[next] == "'" {
                    flushBreaks()
                    lineBuffer += "'"
                    index = source.index(after: next)
                    continue
                }
                flushBreaks()
                content += lineBuffer
                return (content, source[next...])
            }
            if quote == "\"" && c == "\\" {
                let next = source.index(after: index)
                guard next < source.endIndex else { return nil }
                flushBreaks()
                let e = source[next]
                var after = source.index(after: next)
                switch e {
                case "\\": lineBuffer += "\\"
                case "\"": lineBuffer += "\""
                case "/": lineBuffer += "/"
                case "n": lineBuffer += "\n"
                case "t": lineBuffer += "\t"
                case "r": lineBuffer += "\r"
                case "0": lineBuffer += "\0"
                case " ": lineBuffer += " "
                case "\n":
                    // Escaped line break: joins lines without a space.
                    content += lineBuffer
                    lineBuffer = ""
                    atLineStart = true
                case "x", "u", "U":
                    let width = e == "x" ? 2 : e == "u" ? 4 : 8
                    guard let end = source.index(after, offsetBy: width, limitedBy: source.endIndex),
                        let code = UInt32(source[after..<end], radix: 16), let scalar = Unicode.Scalar(code)
                    else { return nil }
                    lineBuffer.unicodeScalars.append(scalar)
                    after = end
                default: return nil
                }
                index = after
                continue
            }
            flushBreaks()
            lineBuffer.append(c)
            index = source.index(after: index)
        }
        return nil
    }
}

extension StringProtocol {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }

    fileprivate func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
