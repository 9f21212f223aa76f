import ArgumentParser
import Foundation
import FolioNotebook

struct Watch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render, then render again whenever a notebook, template or data file is saved."
    )

    @Argument(help: "Notebooks or folders of notebooks (default: notebooks/).")
    var paths: [String] = []

    @Flag(help: "Also write HTML pages.")
    var html = false

    @Option(help: "Seconds between checks for changes where the kernel's change notifications are not available.")
    var interval: Double = 0.5

    @OptionGroup var project: ProjectOptions

    func run() async throws {
        let session = RenderSession(projectRoot: project.root, options: RenderOptions(html: html, quiet: project.quiet))
        // Notebooks, templates and data: the files a render reads. Reports are not watched (a
        // render writes them), nor .folio/.
        let roots = ((paths.isEmpty ? ["notebooks"] : paths) + ["templates", "data"]).map {
            project.root.appendingPathComponent($0)
        }
        let monitor = ChangeMonitor(roots: roots, pollInterval: .milliseconds(Int(max(0.05, interval) * 1000)))
        var summary = await session.render(paths)
        while true {
            printDiagnostics(summary.diagnostics)
            printError("[\(summary.ran) ran, \(summary.cached) cached, \(summary.failed) failed] watching for changes\(monitor.usesKernelNotifications ? "" : " (polling)") (Ctrl-C to stop)")
            // A saved notebook renders with the notebooks that read its results, not the
            // whole project: the edit-to-report latency is that notebook's own.
            let changed = await monitor.changes()
            summary = await session.render(paths, changed: Set(changed))
        }
    }
}
