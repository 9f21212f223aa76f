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
    its evidence references have changed since it was recorded. This block is never cached;
    its notebook is left alone only while the log holds the bytes its last render left.
    """
    public static var isCacheable: Bool { false }
    /// The entry in the log is the block's effect (`DirectiveOutput.effects`).
    public var followsFromInputs: Bool { true }

    let decision: Decision
    let location: SourceLocation
    let idLocation: SourceLocation

    public init(parameters: ParameterReader, context: DirectiveContext) throws(DirectiveError) {
        location = parameters.location
        idLocation = parameters.location(of: "id")
        let id = try parameters.requiredString("id")
        guard DirectiveBlock.isValidID(id) else {
            throw parameters.error("id", "use letters, digits, '_' and '-', starting with a letter")
        }
        let here = (context.notebookPath, parameters.location(of: "id"))
        let others = context.services.decisionDeclarations(id).filter { $0.notebook != here.0 || $0.location != here.1 }
        if !others.isEmpty {
            let list = others.map { "\($0.notebook):\($0.location.line)" }.joined(separator: ", ")
            throw parameters.error("id", "decision id '\(id)' is also declared at \(list); a decision id names one entry of the log: give each decision its own id")
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

    /// Whether the notebook at `url` has a `decision` block whose `id` is `id`.
    static func notebook(at url: URL, declares id: String) -> Bool {
        guard let text = try? String(contentsOf: url, encoding: .utf8),
              let notebook = try? Notebook(parsing: text, path: url.lastPathComponent) else { return false }
        return notebook.blocks.contains { $0.name == name && DecisionDirective.declaredID(of: $0)?.id == id }
    }

    /// The literal `id` of a decision block and where it is written (nil when the body
    /// does not parse or the id is computed from a reference).
    static func declaredID(of block: DirectiveBlock) -> (id: String, location: SourceLocation)? {
        guard let raw = try? ParamValue.parse(yaml: block.body, origin: block.bodyOrigin),
              let reader = try? ParameterReader(raw), let value = reader.value("id"),
              case .scalar(let id, _) = value.kind, !id.contains("{{") else { return nil }
        return (id, value.location)
    }

    public func run(context: DirectiveContext) throws(DirectiveError) -> DirectiveOutput {
        let decision = self.decision
        let outcome: (date: String, changed: Bool)
        let logURL = context.services.decisionLogURL
        let logPath = context.displayPath(logURL)
        try context.services.paths.confineRead(logURL, at: location)
        let idLocation = self.idLocation
        do {
            outcome = try DecisionLog.update(at: logURL) { log in
                if let existing = log.entry(decision.id) {
                    if Decision.isEditedByHand(existing) {
                        throw DirectiveError("""
                            the entry '\(decision.id)' in \(logPath) was edited by hand inside folio's markers since folio wrote it; \
                            folio will not overwrite the edit. Move the edited text outside the markers (or into this block), \
                            delete the entry between <!-- folio:decision id="\(decision.id)" --> and <!-- /folio:decision -->, then render again
                            """, at: idLocation)
                    }
                    if let source = Decision.recordedSource(in: existing), source != decision.source,
                       DecisionDirective.notebook(at: context.projectRoot.appendingPathComponent(source), declares: decision.id) {
                        throw DirectiveError("""
                            decision id '\(decision.id)' is already recorded in \(logPath) by \(source), which still declares it; \
                            a decision id names one entry of the log: give this decision another id
                            """, at: idLocation)
                    }
                    if let date = Decision.recordedDate(in: existing),
                       existing == decision.logEntry(date: date) || existing == decision.logEntry(date: date, hashed: false) {
                        return (date, false)
                    }
                }
                let date = Decision.today()
                log.upsert(id: decision.id, text: decision.logEntry(date: date))
                return (date, true)
            }
        } catch let error as DirectiveError {
            throw error
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
        var output = DirectiveOutput(result: result, markdown: markdown)
        output.effects = [logURL]
        output.repeatable = !outcome.changed
        return output
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
