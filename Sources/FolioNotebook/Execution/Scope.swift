/// The values `{{ }}` references can reach while a notebook renders: `params` and the
/// results of the blocks that ran before.
struct Scope {
    var params: JSONValue
    var results: [String: JSONValue] = [:]
    /// Ids whose block failed: references to them get a clear message.
    var failed: Set<String> = []
    /// Every block of the notebook, to tell "defined later" from "unknown".
    let blocks: [DirectiveBlock]

    init(params: JSONValue, blocks: [DirectiveBlock]) {
        self.params = params
        self.blocks = blocks
    }

    /// The value an expression refers to, or the value of its formula.
    func resolve(_ expression: InlineExpression) throws(DirectiveError) -> JSONValue {
        guard let formula = expression.formula else { return try resolve(path: expression.path, at: expression.location) }
        let origin = expression.textLocation
        let read: ClaimExpression.Resolver = { (path: [String], offsets: [Int]) throws(ClaimError) -> JSONValue in
            do throws(DirectiveError) {
                return try resolve(path: path, at: origin.advanced(by: offsets[0]))
            } catch {
                throw ClaimError(error.message, at: offsets[0])
            }
        }
        do throws(ClaimError) {
            return try formula.evaluate(read).value
        } catch {
            throw DirectiveError(error.message, at: origin.advanced(by: error.offset))
        }
    }

    /// The value at a result path (`id.key.0.key`) or under `params`.
    func resolve(path: [String], at location: SourceLocation) throws(DirectiveError) -> JSONValue {
        let head = path[0]
        let root: JSONValue
        if head == "params" {
            root = params
        } else if let value = results[head] {
            root = value
        } else if failed.contains(head) {
            throw DirectiveError("'\(head)' has no result because its block failed", at: location)
        } else if let later = blocks.first(where: { $0.id == head }) {
            throw DirectiveError("'\(head)' is defined later (line \(later.startLine)); a result can only be used after its block", at: location)
        } else {
            let known = ["params"] + blocks.compactMap(\.id)
            throw DirectiveError("unknown id '\(head)'\(Suggestion.hint(for: head, in: known))", at: location)
        }
        var current = root
        var walked = [head]
        for component in path.dropFirst() {
            guard let next = current.value(at: [component]) else {
                let available = current.childNames
                let where_ = walked.joined(separator: ".")
                let hint = Suggestion.hint(for: component, in: available)
                let list = available.isEmpty ? (current.childNames.isEmpty && { if case .object = current { return true }; if case .array = current { return true }; return false }() ? "it is empty" : "it is a single value") : "available: \(available.prefix(12).joined(separator: ", "))\(available.count > 12 ? ", ..." : "")"
                throw DirectiveError("no '\(component)' in \(where_)\(hint); \(list)", at: location)
            }
            current = next
            walked.append(component)
        }
        return current
    }

    /// Replaces every reference in `text` by its formatted value; in prose
    /// (`asMarkdownText`) the values are text, escaped (`MarkdownText.escaped`).
    func substitute(in text: Substring, origin: SourceLocation, asMarkdownText: Bool = false) throws(DirectiveError) -> String {
        let found = try InlineExpression.scan(text, origin: origin)
        guard !found.isEmpty else { return String(text) }
        var out = ""
        var cursor = text.startIndex
        for (range, expression) in found {
            out += text[cursor..<range.lowerBound]
            let value = try resolve(expression).inlineText(format: expression.format)
            out += asMarkdownText ? MarkdownText.escaped(value) : value
            cursor = range.upperBound
        }
        out += text[cursor...]
        return out
    }

    /// Replaces every reference in `text` that resolves, and marks each one that does not
    /// (unknown id or path, bad format) in place, keeping the rest of the text: the
    /// marker reads `**⚠ {{ ref }}: why**`. Returns the text and one error per marker.
    func substituteLeniently(in text: Substring, origin: SourceLocation, asMarkdownText: Bool = false) -> (text: String, errors: [DirectiveError]) {
        let scanned = InlineExpression.scanAll(text, origin: origin)
        var out = ""
        var errors: [DirectiveError] = []
        var cursor = text.startIndex
        for reference in scanned.references {
            out += text[cursor..<reference.range.lowerBound]
            do throws(DirectiveError) {
                let value = try resolve(reference.parsed.get()).inlineText(format: try reference.parsed.get().format)
                out += asMarkdownText ? MarkdownText.escaped(value) : value
            } catch {
                errors.append(error)
                // The message may quote values (keys of a result): text, like data.
                let message = asMarkdownText ? MarkdownText.escaped(error.message) : error.message
                out += "**⚠ \(text[reference.range]): \(message)**"
            }
            cursor = reference.range.upperBound
        }
        out += text[cursor...]
        if let unclosed = scanned.unclosed { errors.append(unclosed) }
        return (out, errors)
    }
}
