import Foundation

/// `{claims}`: sentences of the report guarded by expressions over results; a claim that
/// stops holding fails the render (or warns), so prose cannot silently outlive its numbers.
public struct ClaimsDirective: Directive {
    public static let name = "claims"
    public static let summary = "Guard the report's conclusions: expressions over results that must hold, or the render fails."
    public static let parameters = [
        ParameterSpec("claims", "list of {id, that, says, severity}", required: true,
                      "The claims; the block's body may be the list itself. `id`: a name; `that`: the expression; `says`: the sentence it guards; `severity`: fail (default) or warn."),
    ]
    public static let resultKeys = [
        ResultKeySpec("ID.holds", "Whether claim ID holds."),
        ResultKeySpec("ID.says", "Its sentence."),
        ResultKeySpec("ID.values", "Every path the expression read -> the value found."),
        ResultKeySpec("all_hold", "Whether every claim holds."),
        ResultKeySpec("failed", "The ids of the claims that do not hold."),
    ]
    public static let details = """
    ```{claims} c
    - id: no_profit
      that: full.models.mlp.return_pct < 0 and cheap.best.return_pct < 0
      says: No cost setting makes the checkpoints profitable.
    - id: same_auc
      that: abs(eval.models.mlp.roc_auc - eval.models.gru.roc_auc) < 0.01
      says: The checkpoints rank practically alike.
      severity: warn
    ```

    The language: numbers, strings ('x' or "x"), true, false, null; result paths whose first
    name is an earlier block's id, `params`, or another report's name
    (`test_set_evaluation.eval.models.mlp.f1`), with list indices as `table[3]` or `table.3`;
    + - * /; comparisons < <= > >= == != (not chained; < and > compare two numbers or two
    strings); and, or, not; abs(x), min(...), max(...) (numbers, or one list), len(x).
    Precedence, lowest first: or, and, not, comparisons, + -, * /, unary -. Write spaces
    around a minus between names (`a - b`): `a-b` is one name, as ids may contain '-'.

    Every claim is evaluated at every render of its notebook (the block is never cached; a
    notebook is left alone only while the results its claims read are unchanged). One that does not
    hold puts a `> [!CAUTION]` callout naming it, its sentence and the values it read above
    the table, and the render exits 1; with `severity: warn` the callout is a `> [!WARNING]`
    and the exit status stays 0. Syntax errors, unknown paths and type mismatches are errors
    located at the character. Other blocks, prose (`{{ c.no_profit.holds }}`) and summary
    templates (`{{#report.c.no_profit.holds}}...{{/report.c.no_profit.holds}}`) can switch
    wording on the result. `folio check` evaluates the claims against the recorded results
    of every report and lists those that no longer hold.
    """
    public static var isCacheable: Bool { false }
    /// A claim reads earlier results and other reports' results, nothing else.
    public var followsFromInputs: Bool { true }
    public static var listParameter: String? { "claims" }
    public static var readsEarlierResults: Bool { true }

    let claims: [Claim]
    let location: SourceLocation

    public init(parameters: ParameterReader, context: DirectiveContext) throws(DirectiveError) {
        location = parameters.location
        guard let items = try parameters.mappingList("claims"), !items.isEmpty else {
            throw parameters.error("claims", "give at least one claim: - {id: name, that: expression, says: sentence}")
        }
        var claims: [Claim] = []
        for item in items {
            try item.rejectUnknownKeys(allowed: ["id", "that", "says", "severity"], context: "claim key")
            let id = try item.requiredString("id")
            guard DirectiveBlock.isValidID(id) else { throw item.error("id", "use letters, digits, '_' and '-', starting with a letter") }
            guard !claims.contains(where: { $0.id == id }) else { throw item.error("id", "duplicate claim id '\(id)'") }
            guard !["all_hold", "failed"].contains(id) else { throw item.error("id", "'\(id)' is a key of the result; choose another id") }
            claims.append(try Claim.parse(item, key: "that", id: id, says: try item.requiredString("says"),
                                          severity: try item.choice("severity", default: .fail)))
        }
        self.claims = claims
    }

    public var inputs: [DataInput] { [] }

    /// The report names a block's claims start with, so that those reports render first.
    public static var readsOtherReports: Bool { true }

    public static func reportsRead(parameters: ParameterReader, services: RenderServices) -> [String] {
        guard let items = try? parameters.mappingList("claims") else { return [] }
        let names = services.reportNames
        var found = Set<String>()
        for item in items {
            guard let text = try? item.string("that"), let expression = try? ClaimExpression(parsing: text) else { continue }
            for (path, _) in expression.paths where names.contains(path[0]) { found.insert(path[0]) }
        }
        return found.sorted()
    }

    func outcomes(context: DirectiveContext) throws(DirectiveError) -> [Claim.Outcome] {
        let services = context.services
        let names = services.reportNames
        var out: [Claim.Outcome] = []
        for claim in claims {
            out.append(try claim.evaluate(results: context.results, failed: context.failedIDs, reports: { services.results(ofReport: $0) }, reportNames: names))
        }
        return out
    }

    /// `folio check`: every path must resolve in the recorded results.
    public func validate(context: DirectiveContext) throws(DirectiveError) {
        _ = try outcomes(context: context)
    }

    /// `folio check`: the failing claims (severity fail) against the recorded results.
    public func staleness(context: DirectiveContext) -> [String] {
        guard let outcomes = try? outcomes(context: context) else { return [] }
        return zip(claims, outcomes).filter { !$1.holds && $0.severity == .fail }.map { claim, outcome in
            "claim '\(claim.id)' no longer holds: \(claim.says) (\(ClaimsDirective.valueList(outcome.values)))"
        }
    }

    public func run(context: DirectiveContext) throws(DirectiveError) -> DirectiveOutput {
        let outcomes = try outcomes(context: context)
        var callouts = ""
        var failures: [String] = []
        var warnings: [String] = []
        var table = MarkdownTable([("claim", .left), ("says", .left), ("values read", .left), ("holds", .center)])
        var result = JSONObject()
        for (claim, outcome) in zip(claims, outcomes) {
            let values = ClaimsDirective.valueList(outcome.values)
            table.append(["`\(claim.id)`", claim.says, values,
                          outcome.holds ? "yes" : (claim.severity == .fail ? "**no**" : "no (warning)")])
            result[claim.id] = .object(JSONObject([
                ("holds", .bool(outcome.holds)), ("says", .string(claim.says)),
                ("values", .object(JSONObject(outcome.values.map { ($0.path, $0.value) }))),
            ]))
            guard !outcome.holds else { continue }
            let kind = claim.severity == .fail ? "CAUTION" : "WARNING"
            // Values may be data (a string result): text, escaped outside the code spans.
            callouts += "> [!\(kind)]\n> **Claim `\(claim.id)` does not hold:** \(claim.says)\n>\n> "
                + MarkdownText.escapedOutsideCodeSpans("\(MarkdownText.code(claim.that)) read \(values).") + "\n\n"
            let message = "claim '\(claim.id)' does not hold: \(claim.says) (\(values))"
            if claim.severity == .fail { failures.append(message) } else { warnings.append(message) }
        }
        let failed = zip(claims, outcomes).filter { !$1.holds }.map { JSONValue.string($0.0.id) }
        result["all_hold"] = .bool(failed.isEmpty)
        result["failed"] = .array(failed)
        let held = outcomes.filter(\.holds).count
        let markdown = callouts + "\(held) of \(claims.count) claims hold.\n\n" + table.markdown
        return DirectiveOutput(result: .object(result), markdown: markdown, warnings: warnings, failures: failures)
    }

    /// `path = value` pairs for tables and messages.
    static func valueList(_ values: [(path: String, value: JSONValue)]) -> String {
        values.isEmpty ? "no values" : values.map { path, value in
            // An empty list reads as "(empty list)", not as nothing.
            if case .array(let items) = value, items.isEmpty { return "`\(path)` = (empty list)" }
            return "`\(path)` = \(value.inlineText(format: nil))"
        }.joined(separator: ", ")
    }
}
