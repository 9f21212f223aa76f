import Foundation

/// `{decision}`: records a decision in place and upserts it into
/// `memory-bank/decisionLog.md`, keyed by its id.
public struct DecisionDirective: Directive {
    public static let name = "decision"
    public static let summary = "Record a decision in place and upsert it into memory-bank/decisionLog.md."
    public static let parameters = [
        ParameterSpec("id", "text", required: true, "Stable key of the decision in the log (e.g. threshold-policy)."),
        ParameterSpec("title", "text", required: true, "One line: what was decided."),
        ParameterSpec("status", "proposed | accepted | superseded", default: "proposed", "Where the decision stands."),
        ParameterSpec("context", "text", "Why a decision was needed."),
        ParameterSpec("decision", "text", required: true, "What was decided."),
        ParameterSpec("alternatives", "list of text", "Options considered and not taken."),
        ParameterSpec("consequences", "text", "What follows from it."),
        ParameterSpec("evidence", "mapping name -> value", "Values the decision rests on, usually references such as \"{{ sweep.primary.threshold }}\"; resolved at render and recorded with the hashes of the data behind them."),
    ]
    public static let resultKeys = [
        ResultKeySpec("id", "The decision id."),
        ResultKeySpec("status", "Its status."),
        ResultKeySpec("date", "The date the entry was last changed."),
        ResultKeySpec("evidence.NAME", "Each evidence value."),
        ResultKeySpec("changed", "Whether this render added or changed the log entry."),
    ]
    public static let details = """
    The log entry sits between `<!-- folio:decision id="ID" -->` and `<!-- /folio:decision -->`.
    A render that produces the same entry leaves the file (and the entry's date) untouched; an
    edited decision, or changed evidence or data, rewrites its entry with today's date (UTC;
    FOLIO_DATE overrides it). Entries of other notebooks and text written by hand are kept
    byte for byte. The file is locked (flock) and replaced atomically, so concurrent renders
    are safe. `folio check` reports the decision as stale when the data files or the results
    its evidence references have changed since it was recorded. This block is never cached.
    """
    public static var isCacheable: Bool { false }

    let decision: Decision
    let location: SourceLocation

    public init(parameters: ParameterReader, context: DirectiveContext) throws(DirectiveError) {
        location = parameters.location
        let id = try parameters.requiredString("id")
        guard DirectiveBlock.isValidID(id) else {
            throw parameters.error("id", "use letters, digits, '_' and '-', starting with a letter")
        }
        var evidence: [Decision.Evidence] = []
        // The evidence as written, to record which result each value came from.
        var rawEvidence: ParameterReader?
        if let unresolved = context.unresolvedParameters, let raw = try? ParameterReader(unresolved) {
            rawEvidence = (try? raw.mapping("evidence")) ?? nil
        }
        if let reader = try parameters.mapping("evidence") {
            for (name, value) in reader.entryList {
                var reference: String?
                if let rawValue = rawEvidence?.value(name), case .scalar(let text, _) = rawValue.kind, text.contains("{{") {
                    reference = text.replacingOccurrences(of: "{{", with: "").replacingOccurrences(of: "}}", with: "")
                        .trimmingCharacters(in: .whitespaces)
                }
                evidence.append(Decision.Evidence(name: name, value: value.json, reference: reference))
            }
        }
        decision = Decision(
            id: id, title: try parameters.requiredString("title"),
            status: try parameters.choice("status", default: .proposed),
            context: try parameters.string("context"), decision: try parameters.requiredString("decision"),
            alternatives: try parameters.stringList("alternatives") ?? [],
            consequences: try parameters.string("consequences"), evidence: evidence,
            data: context.upstreamInputs, source: context.notebookPath)
    }

    public var inputs: [DataInput] { [] }

    public func run(context: DirectiveContext) throws(DirectiveError) -> DirectiveOutput {
        let decision = self.decision
        let outcome: (date: String, changed: Bool)
        do {
            outcome = try DecisionLog.update(at: context.services.decisionLogURL) { log in
                if let existing = log.entry(decision.id), let date = Decision.recordedDate(in: existing),
                   existing == decision.logEntry(date: date) {
                    return (date, false)
                }
                let date = Decision.today()
                log.upsert(id: decision.id, text: decision.logEntry(date: date))
                return (date, true)
            }
        } catch {
            throw DirectiveError("cannot update \(context.displayPath(context.services.decisionLogURL)): \(error)", at: location)
        }
        var markdown = decision.body(date: outcome.date, headingLevel: 4)
        markdown += "*Recorded in `\(context.displayPath(context.services.decisionLogURL))`.*\n"
        let result: JSONValue = .object(JSONObject([
            ("id", .string(decision.id)), ("status", .string(decision.status.rawValue)), ("date", .string(outcome.date)),
            ("evidence", .object(JSONObject(decision.evidence.map { ($0.name, $0.value) }))),
            ("changed", .bool(outcome.changed)),
        ]))
        return DirectiveOutput(result: result, markdown: markdown)
    }

    public func staleness(context: DirectiveContext) -> [String] {
        guard let log = DecisionLog.read(at: context.services.decisionLogURL), let entry = log.entry(decision.id) else {
            return ["decision '\(decision.id)' is not in \(context.displayPath(context.services.decisionLogURL)); render the notebook to record it"]
        }
        guard let record = Decision.record(in: entry) else {
            return ["decision '\(decision.id)' in the log has no folio record; render the notebook to rewrite it"]
        }
        var reasons: [String] = []
        if case .object(let recorded)? = record["evidence"] {
            for item in decision.evidence where recorded[item.name] != item.value {
                reasons.append("evidence '\(item.name)' is now \(item.value.inlineText(format: nil)), recorded \(recorded[item.name]?.inlineText(format: nil) ?? "nothing")")
            }
        }
        if case .object(let recordedData)? = record["data"] {
            for (path, hash) in recordedData.pairs {
                if let current = decision.data.first(where: { $0.path == path }), current.sha256 != hash.stringValue {
                    reasons.append("\(path) changed since the decision was recorded")
                }
            }
        }
        return reasons.map { "decision '\(decision.id)' is stale: \($0)" }
    }
}
