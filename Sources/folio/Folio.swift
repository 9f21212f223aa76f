import ArgumentParser
import FolioNotebook

@main
struct Folio: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "folio",
        abstract: "Render Markdown notebooks into reproducible model-evaluation and trading reports.",
        version: FolioNotebook.version,
        subcommands: [DemoData.self]
    )
}
