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

    @Option(help: "Seconds between checks for changes.")
    var interval: Double = 0.5

    @OptionGroup var project: ProjectOptions

    func run() async throws {
        let session = RenderSession(projectRoot: project.root, options: RenderOptions(html: html, quiet: project.quiet))
        var last: [String: Date] = [:]
        while true {
            let stamps = snapshot()
            if stamps != last {
                last = stamps
                let summary = await session.render(paths)
                printDiagnostics(summary.diagnostics)
                printError("[\(summary.ran) ran, \(summary.cached) cached, \(summary.failed) failed] watching for changes (Ctrl-C to stop)")
                last = snapshot()
            }
            try await Task.sleep(nanoseconds: UInt64(interval * 1e9))
        }
    }

    /// Modification times of the files a render depends on: notebooks, templates and data.
    private func snapshot() -> [String: Date] {
        var stamps: [String: Date] = [:]
        let fm = FileManager.default
        let roots = (paths.isEmpty ? ["notebooks"] : paths) + ["templates", "data"]
        for root in roots {
            let url = project.root.appendingPathComponent(root)
            guard let enumerator = fm.enumerator(at: url, includingPropertiesForKeys: [.contentModificationDateKey], options: [.skipsHiddenFiles]) else {
                if let date = (try? fm.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date { stamps[url.path] = date }
                continue
            }
            while let item = enumerator.nextObject() as? URL {
                if let date = try? item.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate {
                    stamps[item.path] = date
                }
            }
        }
        return stamps
    }
}
