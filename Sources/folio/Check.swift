import ArgumentParser
import FolioNotebook

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate notebooks without computing, and find reports that are out of date.",
        discussion: """
        Parses every notebook, decodes every directive's parameters (reporting every invalid \
        one), checks that its data files and columns exist, checks every {{ id.path | format }} \
        reference in prose against the results recorded at the last render (or the \
        directive's documented result keys), summary templates against the recorded results \
        of every report, and front matter `needs:`, and compares each committed report's \
        recorded hashes (notebook, data, folio version) with the current ones. Exits 1 on any \
        problem, so CI can fail on a stale report without rendering.
        """
    )

    @Argument(help: "Notebooks or folders of notebooks (default: notebooks/).")
    var paths: [String] = []

    @OptionGroup var project: ProjectOptions

    func run() throws {
        let summary = Checker(session: RenderSession(projectRoot: project.root)).check(paths)
        printDiagnostics(summary.diagnostics)
        if !project.quiet {
            printError("checked \(summary.notebooks) notebook(s): \(summary.stale.count) stale report(s)")
        }
        if !summary.succeeded { throw ExitCode.failure }
    }
}
