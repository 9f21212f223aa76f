import ArgumentParser
import FolioNotebook

@main
struct FolioCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "folio",
        abstract: "Render Markdown notebooks into reproducible model-evaluation and trading reports.",
        version: Folio.version,
        subcommands: [Render.self, Check.self, Directives.self, Watch.self, DemoData.self, Predict.self, LoadCSV.self]
    )
}
