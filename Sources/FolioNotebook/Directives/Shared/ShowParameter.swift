/// The `show:` parameter: which parts of its fragment a directive writes (its result always
/// holds everything), e.g. `show: [best, pr]`.
enum ShowParameter {
    /// The parts listed under `show` (a name or a list of names), or every part when absent.
    /// - Throws: a located error for an unknown part, with a suggestion.
    static func parts<Part: RawRepresentable & CaseIterable & Hashable>(_ parameters: ParameterReader, as _: Part.Type) throws(DirectiveError) -> Set<Part>
    where Part.RawValue == String {
        guard let value = parameters.value("show") else { return Set(Part.allCases) }
        let items: [ParamValue]
        if case .sequence(let list) = value.kind { items = list } else { items = [value] }
        let names = Part.allCases.map(\.rawValue)
        var parts = Set<Part>()
        for item in items {
            let text: String
            switch item.kind {
            case .scalar(let s, _): text = s
            case .resolved(let json): text = json.stringValue ?? json.compact()
            default: text = ""
            }
            guard let part = Part(rawValue: text) else {
                throw DirectiveError("'show': unknown part '\(text)'\(Suggestion.hint(for: text, in: names)); expected a list of: \(names.joined(separator: ", "))", at: item.location)
            }
            parts.insert(part)
        }
        guard !parts.isEmpty else { throw parameters.error("show", "name at least one part: \(names.joined(separator: ", "))") }
        return parts
    }
}
