/// The reference text of a directive, as `folio directives NAME` prints it.
public enum DirectiveDocumentation {
    public static func text(for type: any Directive.Type) -> String {
        var out = "{\(type.name)}: \(type.summary)\n\nParameters:\n"
        let width = min(22, (type.parameters.map(\.name.count).max() ?? 0) + 2)
        for spec in type.parameters {
            var line = "  \(spec.name.padding(toLength: width, withPad: " ", startingAt: 0))\(spec.type)"
            if spec.isRequired { line += ", required" } else if let value = spec.defaultValue { line += ", default \(value)" }
            out += line + "\n"
            out += "      \(spec.help)\n"
        }
        if !type.resultKeys.isEmpty {
            out += "\nResult keys:\n"
            for key in type.resultKeys {
                out += "  \(key.path)\n      \(key.help)\n"
            }
        }
        if !type.details.isEmpty { out += "\n\(type.details)\n" }
        return out
    }
}
