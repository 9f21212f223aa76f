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
    /// How errors name the expression (`claim 'id'`; `done_when of 'id'` for actions).
    var label: String

    init(id: String, that: String, expression: ClaimExpression, says: String, severity: Severity,
         origin: SourceLocation, originIsExact: Bool, label: String? = nil) {
        self.id = id
        self.that = that
        self.expression = expression
        self.says = says
        self.severity = severity
        self.origin = origin
        self.originIsExact = originIsExact
        self.label = label ?? "claim '\(id)'"
    }

    /// Parses the expression written at `key` of `item` (a one-line scalar's errors are
    /// located at the character); shared by `claims` and the `done_when` of `actions`.
    static func parse(_ item: ParameterReader, key: String, id: String, says: String, severity: Severity = .fail,
                      label: String? = nil) throws(DirectiveError) -> Claim {
        let label = label ?? "claim '\(id)'"
        guard let thatValue = item.value(key), case .scalar(let that, let quoted) = thatValue.kind else {
            throw item.error(key, "give the expression as text, e.g. \(key): eval.models.mlp.f1 > 0.3")
        }
        // A one-line scalar: its first character is known exactly (after the quote).
        let exact = !that.contains("\n")
        let origin = exact && quoted ? SourceLocation(line: thatValue.location.line, column: thatValue.location.column + 1) : thatValue.location
        let expression: ClaimExpression
        do {
            expression = try ClaimExpression(parsing: that)
        } catch {
            let at = exact ? SourceLocation(line: origin.line, column: origin.column + error.offset) : origin
            throw DirectiveError("\(label): \(error.message)", at: at)
        }
        return Claim(id: id, that: that, expression: expression, says: says, severity: severity, origin: origin,
                     originIsExact: exact, label: label)
    }

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
            throw DirectiveError("\(label): \(error.message)", at: location(ofOffset: error.offset))
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
