import ArgumentParser
import FolioNotebook

@main
struct FolioCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "folio",
        abstract: "Render Markdown notebooks into reproducible model-evaluation and trading reports.",
        version: Folio.version,
        subcommands: [Render.self, Check.self, Email.self, Directives.self, Watch.self, DemoData.self, Predict.self, CheckpointsCommand.self, LoadCSV.self, LoadPostgres.self]
    )

    /// Ignores SIGPIPE before running the command, so that a closed pipe on standard output
    /// or error is a write error with words, not a death by signal.
    static func main() async {
        Console.ignoreBrokenPipes()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
