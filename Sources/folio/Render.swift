import ArgumentParser
import Foundation
import FolioNotebook

struct Render: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run every directive of the notebooks and write their reports.",
        discussion: """
        Each notebook's report goes to its front matter's `output`, else to reports/ under the \
        same relative path; figures go to figures/ beside it and every result to \
        NAME.results.json. Unchanged blocks come from .folio/cache/.
        """
    )

    @Argument(help: "Notebooks or folders of notebooks (default: notebooks/).")
    var paths: [String] = []

    @Flag(name: .customLong("no-cache"), help: "Recompute every block.")
    var noCache = false

    @Flag(help: "Also write a self-contained HTML page per report.")
    var html = false

    @Option(name: .customLong("param"), help: ArgumentHelp("Override a front-matter parameter.", valueName: "key=value"))
    var params: [String] = []

    @Flag(help: "Replace report files that folio did not write (without it, such a file is an error and is kept).")
    var force = false

    @OptionGroup var project: ProjectOptions

    func validate() throws {
        for param in params where !param.contains("=") || param.hasPrefix("=") {
            throw ValidationError("--param expects key=value, got '\(param)'")
        }
    }

    func run() async throws {
        let overrides = params.map { param -> (String, String) in
            let parts = param.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (String(parts[0]), String(parts[1]))
        }
        let options = RenderOptions(useCache: !noCache, html: html, paramOverrides: overrides, quiet: project.quiet, force: force)
        let session = RenderSession(projectRoot: project.root, options: options)
        let start = ContinuousClock.now
        let summary = await session.render(paths)
        printDiagnostics(summary.diagnostics)
        if !project.quiet {
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            printError(RenderSession.closingLine(summary, seconds: seconds))
        }
        if !summary.succeeded { throw ExitCode.failure }
    }
}
