import ArgumentParser
import Foundation
import FolioNotebook

struct Email: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a rendered report as a mail message (.eml) for stakeholders.",
        discussion: """
        Reads a report that folio render wrote (nothing is computed) and writes REPORT.eml \
        beside it: the report as plain text and as HTML (sanitized, no script, nothing \
        loaded), its figures as inline PNG images, and the reports it links to attached as \
        HTML pages (made by the same exporter as render --html). The Date is \
        FOLIO_DATE or today (UTC, midnight), so a second run the same day writes the same \
        bytes. Warns when folio check finds the report or an attached one out of date. Open the \
        file in a mail program, or send it with e.g. `sendmail -t < FILE`.
        """
    )

    @Argument(help: "The rendered report, e.g. reports/phase4/executive_summary.md.")
    var report: String

    @Option(help: ArgumentHelp("The sender.", valueName: "'Name <address>'"))
    var from = "folio <folio@localhost>"

    @Option(help: ArgumentHelp("A recipient (repeat for more; default: undisclosed-recipients).", valueName: "'Name <address>'"))
    var to: [String] = []

    @Option(help: "The subject (default: the report's first heading).")
    var subject: String?

    @Option(name: .customLong("link-base"),
            help: ArgumentHelp("Where the report pages are published: relative links become links under it (default: links to other reports keep their text only; the reports are attached).", valueName: "https://host/reports/phase4/"))
    var linkBase: String?

    @Option(help: ArgumentHelp("The message file (default: the report's path with .eml).", valueName: "file.eml"))
    var out: String?

    @Flag(help: "Replace a file at the output path that folio did not write.")
    var force = false

    @Flag(name: .customLong("no-check"), help: "Do not run folio check on notebooks/ to warn about out-of-date reports.")
    var noCheck = false

    @OptionGroup var project: ProjectOptions

    func validate() throws {
        if let linkBase {
            let lower = linkBase.lowercased()
            guard lower.hasPrefix("https://") || lower.hasPrefix("http://"), !linkBase.contains(where: { $0 == "\"" || $0 == "<" || $0 == ">" || $0.isWhitespace }) else {
                throw ValidationError("--link-base expects an http(s) URL, got '\(linkBase)'")
            }
        }
        if let out, !out.hasSuffix(".eml") { throw ValidationError("--out must name a .eml file, got '\(out)'") }
        _ = try Self.address(from)
        for text in to { _ = try Self.address(text) }
    }

    /// A mailbox from an option, or a usage error naming what is wrong.
    static func address(_ text: String) throws -> MailAddress {
        do {
            return try MailAddress(parsing: text)
        } catch {
            throw ValidationError(error.description)
        }
    }

    func run() throws {
        let root = project.root
        let from = try Self.address(self.from)
        var to: [MailAddress] = []
        for text in self.to { to.append(try Self.address(text)) }
        let paths = ProjectPaths(root: root)
        let reportURL = URL(fileURLWithPath: report, relativeTo: root).standardizedFileURL
        let outURL = out.map { URL(fileURLWithPath: $0, relativeTo: root).standardizedFileURL } ?? ReportEmail.defaultOutput(for: reportURL)
        let options = ReportEmail.Options(from: from, to: to, subject: subject, date: ReportEmail.today(), linkBase: linkBase)
        do {
            let email = try ReportEmail(report: reportURL, paths: paths, options: options)
            if !project.quiet { for note in email.notes { printError("folio email: note: \(note)") } }
            if !noCheck {
                // Stakeholders should not get stale numbers: the same comparison as `folio check`.
                let sent = Set([paths.display(reportURL)] + email.attachments.map { $0.path.hasSuffix(".html") ? String($0.path.dropLast(5)) + ".md" : $0.path })
                let summary = Checker(session: RenderSession(projectRoot: root)).check([])
                for report in summary.stale where sent.contains(report) {
                    printError("folio email: warning: \(report) is out of date (\((summary.staleReasons[report] ?? []).joined(separator: "; "))); re-render before sending")
                }
            }
            let changed = try ReportEmail.write(email.message, to: outURL, paths: paths, force: force)
            if !project.quiet {
                let parts = "\(email.figures.count) figure(s), \(email.attachments.count) attachment(s)"
                printError("\(changed ? "wrote" : "unchanged:") \(paths.display(outURL)) (\(parts))")
            }
        } catch {
            printError("folio email: error: \(error)")
            throw ExitCode.failure
        }
    }
}
