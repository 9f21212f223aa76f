import Foundation
import Yams

/// A parsed notebook: its front matter, its directive blocks and the line structure the
/// splicer needs. Parsing never runs a directive.
public struct Notebook: Sendable {
    /// The path as given (relative to the project root when possible), used in messages.
    public var path: String
    public var source: String
    public var frontMatter: FrontMatter
    /// Number of lines the front matter occupies (0 when there is none); these lines are
    /// not copied to the report.
    public var frontMatterLineCount: Int
    public var blocks: [DirectiveBlock]
    /// Lines (1-based, inclusive ranges) whose text is literal: code and HTML blocks.
    var literalLineRanges: [ClosedRange<Int>]
    /// Problems found while parsing (a malformed info string, a duplicate id...). The
    /// blocks they concern are still listed so that the report shows a callout.
    public var diagnostics: [Diagnostic]

    /// Parses `source`.
    /// - Throws: a `Diagnostic` when the front matter is not valid YAML (nothing can run).
    public init(parsing source: String, path: String) throws(Diagnostic) {
        self.path = path
        self.source = source
        self.diagnostics = []
        let lines = Notebook.splitLines(source)
        // Front matter: a first line `---`, up to a line `---` or `...`.
        var frontMatterLines = 0
        var frontMatterText = ""
        if let first = lines.first, first.trimmingNewlines() == "---" {
            for (index, line) in lines.enumerated().dropFirst() {
                let trimmed = line.trimmingNewlines()
                if trimmed == "---" || trimmed == "..." {
                    frontMatterLines = index + 1
                    break
                }
                frontMatterText += line
            }
            // Without its closing line the whole notebook would read as YAML, and the
            // first error would point somewhere in the prose or a code fence.
            guard frontMatterLines > 0 else {
                throw Diagnostic(path: path, location: SourceLocation(line: 1, column: 1),
                                 message: "the front matter is not closed: add a line '---' after its last key",
                                 sourceLine: first.trimmingNewlines())
            }
        }
        do {
            frontMatter = try FrontMatter(yaml: frontMatterText, path: path)
        } catch {
            throw error
        }
        frontMatterLineCount = frontMatterLines

        // cmark sees the body with the front matter blanked out, so line numbers agree.
        let markdown = String(repeating: "\n", count: frontMatterLines)
            + lines.dropFirst(frontMatterLines).joined()
        let document = MarkdownDocument(parsing: markdown)
        literalLineRanges = document.literalLineRanges
        blocks = []
        var ids = Set<String>()
        for code in document.codeBlocks where code.isFenced {
            let info = code.info.trimmingCharacters(in: .whitespaces)
            guard info.hasPrefix("{") else { continue }
            let location = SourceLocation(line: code.startLine, column: code.startColumn)
            let sourceLine = code.startLine - 1 < lines.count ? lines[code.startLine - 1].trimmingNewlines() : nil
            var block = DirectiveBlock(name: "", id: nil, body: code.literal, location: location,
                                       startLine: code.startLine, endLine: code.endLine)
            guard let close = info.firstIndex(of: "}") else {
                diagnostics.append(Diagnostic(path: path, location: location,
                    message: "malformed directive info string '\(info)': expected '{name}' or '{name} id'", sourceLine: sourceLine))
                block.parseError = "malformed directive info string"
                blocks.append(block)
                continue
            }
            block.name = String(info[info.index(after: info.startIndex)..<close]).trimmingCharacters(in: .whitespaces)
            let rest = info[info.index(after: close)...].trimmingCharacters(in: .whitespaces)
            if !rest.isEmpty {
                if DirectiveBlock.isValidID(rest) {
                    block.id = rest
                } else {
                    let message = "invalid directive id '\(rest)': use letters, digits, '_' and '-', starting with a letter"
                    diagnostics.append(Diagnostic(path: path, location: location, message: message, sourceLine: sourceLine))
                    block.parseError = message
                }
            }
            if let id = block.id {
                if id == "params" || id == "_folio" {
                    let message = "'\(id)' is reserved and cannot be a directive id"
                    diagnostics.append(Diagnostic(path: path, location: location, message: message, sourceLine: sourceLine))
                    block.parseError = message
                } else if !ids.insert(id).inserted {
                    let message = "duplicate directive id '\(id)'"
                    diagnostics.append(Diagnostic(path: path, location: location, message: message, sourceLine: sourceLine))
                    block.parseError = message
                }
            }
            if !code.isTopLevel {
                let message = "directive blocks must be at the top level of the document, not inside a list or quote"
                diagnostics.append(Diagnostic(path: path, location: location, message: message, sourceLine: sourceLine))
                continue
            }
            if let fence = sourceLine.flatMap(Notebook.fence(opening:)),
               !lines.indices.contains(where: { $0 + 1 > code.startLine && $0 + 1 <= code.endLine && Notebook.closes(fence, line: lines[$0]) }) {
                // cmark-gfm runs an unclosed fence to the end of the document; the
                // renderer says so when that body does not decode (see `unclosedFence`).
                block.unclosedFence = fence.text
            }
            blocks.append(block)
        }
    }

    /// Lines with their terminators (`\n` or `\r\n`), so that joining them gives back the
    /// source byte for byte.
    ///
    /// Splits after each LF byte: a line feed always ends a Character (`"\n"`, or `"\r\n"`
    /// with the carriage return before it), so this is the Character-wise split, without
    /// breaking the text into grapheme clusters.
    static func splitLines(_ text: String) -> [String] {
        var lines: [String] = []
        let utf8 = text.utf8
        var start = utf8.startIndex
        var i = start
        while i != utf8.endIndex {
            let next = utf8.index(after: i)
            if utf8[i] == UInt8(ascii: "\n") {
                lines.append(String(text[start..<next]))
                start = next
            }
            i = next
        }
        if start != utf8.endIndex { lines.append(String(text[start...])) }
        return lines
    }

    /// An opening code fence: its character (`` ` `` or `~`), its length and its text.
    struct Fence {
        var character: Character
        var length: Int
        var text: String { String(repeating: character, count: length) }
    }

    /// The fence that opens a fenced code block on `line` (up to three spaces of indent).
    static func fence(opening line: String) -> Fence? {
        let indent = line.prefix { $0 == " " }
        guard indent.count <= 3, let character = line.dropFirst(indent.count).first, character == "`" || character == "~" else { return nil }
        let length = line.dropFirst(indent.count).prefix { $0 == character }.count
        return length >= 3 ? Fence(character: character, length: length) : nil
    }

    /// Whether `line` closes a block opened by `fence`: up to three spaces, at least as
    /// many fence characters, then only white space (CommonMark 4.5).
    static func closes(_ fence: Fence, line: String) -> Bool {
        let text = line.trimmingNewlines()
        let indent = text.prefix { $0 == " " }
        guard indent.count <= 3 else { return false }
        let rest = text.dropFirst(indent.count)
        let run = rest.prefix { $0 == fence.character }
        return run.count >= fence.length && rest.dropFirst(run.count).allSatisfy { $0 == " " || $0 == "\t" }
    }

    /// The text of line `n` (1-based) without its terminator, for diagnostics.
    public func line(_ n: Int) -> String? {
        let lines = Notebook.splitLines(source)
        guard n >= 1, n <= lines.count else { return nil }
        return lines[n - 1].trimmingNewlines()
    }
}

/// A fenced block whose info string is `{name}` optionally followed by an id.
public struct DirectiveBlock: Sendable, Hashable {
    public var name: String
    public var id: String?
    /// The YAML body, as cmark-gfm read it (fence indentation removed).
    public var body: String
    /// The opening fence.
    public var location: SourceLocation
    public var startLine: Int
    /// The closing fence's line (or the last line when the fence is never closed).
    public var endLine: Int
    /// Set when the info string itself is invalid; the block renders as an error.
    public var parseError: String?
    /// The fence (e.g. ```` ``` ````) when it is never closed: the block then runs to the
    /// end of the notebook, as CommonMark reads it.
    public var unclosedFence: String?

    /// The notebook location of the body's first character.
    public var bodyOrigin: SourceLocation { SourceLocation(line: startLine + 1, column: location.column) }

    /// A label for messages and progress lines: `{evaluate} eval`.
    public var label: String { id.map { "{\(name)} \($0)" } ?? "{\(name)}" }

    static func isValidID(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, CharacterSet.letters.contains(first) else { return false }
        return s.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || $0 == "_" || $0 == "-" }
            && s.allSatisfy(\.isASCII)
    }
}

/// The notebook's YAML front matter.
public struct FrontMatter: Sendable, Hashable {
    public var title: String?
    /// Where the report goes, relative to the project root.
    public var output: String?
    /// Where `output` is written in the notebook, for messages about it.
    public var outputLocation: SourceLocation?
    /// The folder relative data paths start from, relative to the project root.
    public var data: String?
    /// Parameters, overridable with `--param key=value`, used as `{{ params.key }}`.
    public var params: JSONObject
    /// Other reports this one reads (by file name without `.md`), besides those found in
    /// its `summary` templates.
    public var needs: [String]
    /// Where each of `needs` was written, in the same order.
    public var needsLocations: [SourceLocation]

    static let keys = ["title", "output", "data", "params", "needs"]

    init(yaml: String, path: String) throws(Diagnostic) {
        params = JSONObject()
        needs = []
        needsLocations = []
        guard !yaml.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return }
        let root: ParamValue
        do {
            root = try ParamValue.parse(yaml: yaml, origin: SourceLocation(line: 2, column: 1))
        } catch {
            throw Diagnostic(path: path, location: error.location ?? SourceLocation(line: 1, column: 1), message: "front matter: \(error.message)")
        }
        guard case .mapping(let entries) = root.kind else {
            throw Diagnostic(path: path, location: root.location, message: "front matter must be a YAML mapping")
        }
        for entry in entries {
            func string() throws(Diagnostic) -> String {
                if case .scalar(let s, _) = entry.value.kind { return s }
                throw Diagnostic(path: path, location: entry.value.location, message: "front matter '\(entry.key)' must be a string")
            }
            switch entry.key {
            case "title": title = try string()
            case "output": output = try string(); outputLocation = entry.value.location
            case "data": data = try string()
            case "params":
                guard case .object(let object) = entry.value.json else {
                    throw Diagnostic(path: path, location: entry.value.location, message: "front matter 'params' must be a mapping")
                }
                params = object
            case "needs":
                switch entry.value.kind {
                case .scalar(let s, _) where !entry.value.isNull:
                    needs = [s]
                    needsLocations = [entry.value.location]
                case .sequence(let items):
                    for item in items {
                        guard case .scalar(let s, _) = item.kind else {
                            throw Diagnostic(path: path, location: item.location, message: "front matter 'needs' must be a list of report names")
                        }
                        needs.append(s)
                        needsLocations.append(item.location)
                    }
                default: throw Diagnostic(path: path, location: entry.value.location, message: "front matter 'needs' must be a list of report names")
                }
            default:
                throw Diagnostic(path: path, location: entry.keyLocation,
                                 message: "unknown front matter key '\(entry.key)'\(Suggestion.hint(for: entry.key, in: FrontMatter.keys)); known keys: \(FrontMatter.keys.joined(separator: ", "))")
            }
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing newlines (`Character.isNewline`: the
    /// characters of `CharacterSet.newlines`, and `\r\n`), as `trimmingCharacters(in:
    /// .newlines)` gives, without Foundation's bridging (a warm render trims every line of
    /// every notebook's blocks).
    func trimmingNewlines() -> String {
        guard let first = firstIndex(where: { !$0.isNewline }), let last = lastIndex(where: { !$0.isNewline }) else { return "" }
        return String(self[first...last])
    }
}
