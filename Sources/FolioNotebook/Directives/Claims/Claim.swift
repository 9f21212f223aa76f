/// One claim of a `claims` block: a sentence of the report and the expression over results
/// that must hold for the sentence to stay true.
struct Claim: Sendable {
    enum Severity: String, Sendable, CaseIterable {
        /// A claim that does not hold fails the render (exit 1).
        case fail
        /// A claim that does not hold is a warning.
        case warn
    }

    var id: String
    var that: String
    var expression: ClaimExpression
    var says: String
    var severity: Severity
    /// Where the expression's first character is, when it can be known (a one-line plain
    /// or quoted scalar); else where the value starts.
    var origin: SourceLocation
    /// Whether `origin` is the first character of the expression (errors then point at
    /// the exact character).
    var originIsExact: Bool

    /// The notebook location of the expression's character at `offset` (UTF-8 bytes).
    func location(ofOffset offset: Int) -> SourceLocation {
        originIsExact ? SourceLocation(line: origin.line, column: origin.column + offset) : origin
    }

    /// What evaluating a claim gave.
    struct Outcome: Sendable {
        var holds: Bool
        var values: [(path: String, value: JSONValue)]
    }

    /// Evaluates the claim over `results` (earlier blocks by id and `params`) and, for other
    /// heads, the results of the report of that name.
    func evaluate(results: JSONObject, failed: Set<String> = [], reports: (String) -> JSONValue?, reportNames: [String]) throws(DirectiveError) -> Outcome {
        let resolve: ClaimExpression.Resolver = { (path: [String], offsets: [Int]) throws(ClaimError) -> JSONValue in
            if failed.contains(path[0]) { throw ClaimError("'\(path[0])' has no result because its block failed", at: offsets[0]) }
            return try Claim.resolve(path, offsets: offsets, results: results, reports: reports, reportNames: reportNames)
        }
        do throws(ClaimError) {
            let (value, values) = try expression.evaluate(resolve)
            guard case .bool(let holds) = value else {
                throw ClaimError("a claim must be true or false, this is \(ClaimExpression.kind(value)) (\(value.compact().prefix(40))); compare it with something", at: expression.offset)
            }
            return Outcome(holds: holds, values: values)
        } catch {
            throw DirectiveError("claim '\(id)': \(error.message)", at: location(ofOffset: error.offset))
        }
    }

    static func resolve(_ path: [String], offsets: [Int], results: JSONObject, reports: (String) -> JSONValue?,
                        reportNames: [String]) throws(ClaimError) -> JSONValue {
        let head = path[0]
        var current: JSONValue
        if let value = results[head] {
            current = value
        } else if reportNames.contains(head), let value = reports(head) {
            current = value
        } else {
            let known = results.keys + reportNames
            throw ClaimError("unknown id '\(head)'\(Suggestion.hint(for: head, in: known)): name an earlier block of this notebook, params, or a report", at: offsets[0])
        }
        for (component, offset) in zip(path.dropFirst(), offsets.dropFirst()) {
            guard let next = current.value(at: [component]) else {
                let available = current.childNames
                let list = available.isEmpty ? "it has no keys" : "available: \(available.prefix(12).joined(separator: ", "))\(available.count > 12 ? ", ..." : "")"
                throw ClaimError("no '\(component)' in \(ClaimExpression.pathText(Array(path.prefix(while: { $0 != component }))))\(Suggestion.hint(for: component, in: available)); \(list)", at: offset)
            }
            current = next
        }
        return current
    }
}
