import ArgumentParser
import FolioNotebook

struct Directives: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Document the directives: parameters, types, defaults and result keys."
    )

    @Argument(help: "A directive name; without it, the list of directives.")
    var name: String?

    func run() throws {
        let registry = DirectiveRegistry.standard
        var text: String
        if let name {
            guard let type = registry[name] else {
                throw ValidationError("unknown directive '\(name)'; known: \(registry.names.joined(separator: ", "))")
            }
            text = DirectiveDocumentation.text(for: type) + "\n"
        } else {
            text = "Directives (folio directives NAME for details):\n\n"
            for name in registry.names {
                text += "  \(name.padding(toLength: 14, withPad: " ", startingAt: 0)) \(registry[name]!.summary)\n"
            }
        }
        try writeOutput(text)
    }
}
