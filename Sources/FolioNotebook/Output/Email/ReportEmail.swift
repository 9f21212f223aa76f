import Foundation

/// A rendered report as a mail message for stakeholders (`folio email`): the report's text
/// in a `text/plain` and a `text/html` alternative, its figures as PNG images shown inline
/// (`cid:` references into a `multipart/related`), and the reports it links to attached.
///
/// ```
/// multipart/mixed
/// ├─ multipart/alternative
/// │  ├─ text/plain; charset=utf-8           (quoted-printable)
/// │  └─ multipart/related                   (only when the report shows figures)
/// │     ├─ text/html; charset=utf-8         (quoted-printable)
/// │     └─ image/png, Content-ID            (base64, one per figure)
/// └─ text/html  attachment  model_validation.html   (each linked report's page)
/// ```
///
/// The HTML is the report's Markdown through cmark-gfm and `HTMLSanitizer` (no script,
/// event handler, form, frame, `javascript:` or `data:` URL), with alerts as callouts; it
/// loads nothing: images are the `cid:` parts, other images are dropped, and relative links
/// lose their `href` (the pages they lead to are attached) unless `linkBase` makes them
/// absolute. A linked report is attached as its HTML page, made from the report by the same
/// exporter as `folio render --html` (`HTMLExporter`), so it is current even when the page on
/// disk is missing or older.
public struct ReportEmail: Sendable {
    /// What the message says about itself.
    public struct Options: Sendable {
        public var from: MailAddress
        public var to: [MailAddress]
        /// The subject; nil takes the report's first heading.
        public var subject: String?
        /// `YYYY-MM-DD`, the `Date` of the message.
        public var date: String
        /// `https://host/reports/phase4/`: relative links become absolute links under it
        /// (`.md` reports as their `.html` pages); nil drops them.
        public var linkBase: String?
        public var rasterizer: PNGRasterizer

        public init(from: MailAddress = MailAddress(address: "folio@localhost", displayName: "folio"), to: [MailAddress] = [],
                    subject: String? = nil, date: String, linkBase: String? = nil, rasterizer: PNGRasterizer = PNGRasterizer()) {
            self.from = from
            self.to = to
            self.subject = subject
            self.date = date
            self.linkBase = linkBase
            self.rasterizer = rasterizer
        }
    }

    /// A file attached to the message.
    public struct Attachment: Sendable, Equatable {
        /// The file read (project-relative for messages).
        public var path: String
        public var fileName: String
        public var contentType: String
        public var data: Data
        /// The attached report's first heading.
        public var title: String
    }

    /// A figure shown inline.
    public struct Figure: Sendable, Equatable {
        public var path: String
        public var contentID: String
        public var image: PNGRasterizer.Image
    }

    /// Why no message could be made.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    public var subject: String
    /// The `text/plain` alternative.
    public var plainText: String
    /// The `text/html` alternative.
    public var html: String
    public var figures: [Figure]
    public var attachments: [Attachment]
    /// Remarks for the person running the command (a page missing, an image dropped).
    public var notes: [String]
    public var options: Options

    /// Reads the report at `report` (a Markdown report folio wrote) and what it links to.
    ///
    /// - Throws: `Failure` when the report cannot be read, is not a folio report, lies
    ///   outside the project, or a figure cannot be rasterised.
    public init(report: URL, paths: ProjectPaths, options: Options) throws(Failure) {
        self.options = options
        let shown = paths.display(report)
        if let refusal = paths.readRefusal(report) { throw Failure(refusal) }
        // Whether folio wrote it, from its first bytes, before reading it whole.
        if let reason = GeneratedFile.foreignReason(at: report, kind: .report, shown: shown) {
            throw Failure("\(reason); folio email sends a rendered report (reports/...), not a notebook")
        }
        guard let data = FileManager.default.contents(atPath: report.path) else {
            throw Failure("cannot read \(shown): no such file (render it first: folio render)")
        }
        var markdown = String(decoding: data, as: UTF8.self)
        if markdown.hasPrefix(GeneratedFile.reportMarker), let end = markdown.firstIndex(of: "\n") {
            markdown = String(markdown[markdown.index(after: end)...])
        }
        let folder = report.deletingLastPathComponent().standardizedFileURL
        let reportPath = report.standardizedFileURL.path
        var linked: [URL] = []
        var images: [String: URL] = [:]
        var notes: [String] = []
        let linkBase = options.linkBase.map { $0.hasSuffix("/") ? $0 : $0 + "/" }

        // One pass over the HTML decides links and images; figures are rasterised after.
        let sanitized = HTMLSanitizer.sanitize(MarkdownDocument.renderHTML(markdown), rewritingLink: { href in
            if HTMLSanitizer.isAllowedURL(href, schemes: []) == false { return href }  // http(s), mailto
            if href.hasPrefix("#") { return nil }
            if let report = ReportLinks.reportPath(in: href) {
                let (path, rest) = report
                let target = folder.appendingPathComponent(path.removingPercentEncoding ?? path).standardizedFileURL
                if target.path != reportPath, !linked.contains(target),
                   paths.readRefusal(target) == nil, GeneratedFile.foreignReason(at: target, kind: .report, shown: "") == nil,
                   FileManager.default.fileExists(atPath: target.path) {
                    linked.append(target)
                }
                return linkBase.map { $0 + String(path.dropLast(3)) + ".html" + rest }
            }
            return linkBase.map { $0 + href }
        }, rewritingImage: { src in
            let path = String(src.prefix { $0 != "#" && $0 != "?" })
            let target = folder.appendingPathComponent(path.removingPercentEncoding ?? path).standardizedFileURL
            guard path.lowercased().hasSuffix(".svg"), paths.readRefusal(target) == nil,
                  GeneratedFile.foreignReason(at: target, kind: .figure, shown: "") == nil,
                  FileManager.default.fileExists(atPath: target.path) else {
                notes.append("left out the image \(src): only SVG figures inside the project are sent (as PNG)")
                return nil
            }
            let contentID = Self.contentID(for: target)
            images[contentID] = target
            return "cid:" + contentID
        })

        var figures: [Figure] = []
        for (contentID, url) in images.sorted(by: { $0.key < $1.key }) {
            let svgPath = paths.display(url)
            guard let svg = FileManager.default.contents(atPath: url.path) else { throw Failure("cannot read the figure \(svgPath)") }
            do {
                let image = try options.rasterizer.png(fromSVG: String(decoding: svg, as: UTF8.self))
                figures.append(Figure(path: svgPath, contentID: contentID, image: image))
            } catch {
                throw Failure("cannot rasterise \(svgPath): \(error)")
            }
        }

        var attachments: [Attachment] = []
        for target in linked {
            guard let bytes = FileManager.default.contents(atPath: target.path) else { continue }
            let reportText = String(decoding: bytes, as: UTF8.self)
            let pageURL = target.deletingPathExtension().appendingPathExtension("html")
            let page = Data(Self.page(forReport: target, text: reportText, paths: paths).utf8)
            if FileManager.default.contents(atPath: pageURL.path) != page {
                let state = FileManager.default.fileExists(atPath: pageURL.path) ? "differs from" : "is not"
                notes.append("attached the page of \(paths.display(target)) as the HTML exporter makes it now: it \(state) \(paths.display(pageURL)) (render with --html to update the pages)")
            }
            var name = pageURL.lastPathComponent
            var n = 2
            while attachments.contains(where: { $0.fileName == name }) {
                name = pageURL.deletingPathExtension().lastPathComponent + "-\(n).html"
                n += 1
            }
            attachments.append(Attachment(path: paths.display(pageURL), fileName: name, contentType: "text/html; charset=utf-8",
                                          data: page, title: Self.firstHeading(ofMarkdown: reportText) ?? name))
        }

        let alerted = HTMLAlert.render(sanitized)
        let body = Self.styled(alerted, figures: figures)
        let title = options.subject ?? Self.firstHeading(ofMarkdown: markdown) ?? report.deletingPathExtension().lastPathComponent
        var text = PlainTextRenderer().render(alerted)
        var list = ""
        if !attachments.isEmpty {
            text += "\nAttached reports:\n" + attachments.map { "- \($0.fileName): \($0.title)\n" }.joined()
            list = "<hr>\n<p>Attached reports:</p>\n<ul>\n"
                + attachments.map { "<li><code>\(HTMLExporter.escape($0.fileName))</code>: \(HTMLExporter.escape($0.title))</li>\n" }.joined()
                + "</ul>\n"
        }
        self.subject = title
        self.plainText = text
        self.html = Self.document(title: title, body: body + list)
        self.figures = figures
        self.attachments = attachments
        self.notes = notes
    }

    /// The MIME message (see the type's documentation for its structure).
    public var message: MIMEMessage {
        var html = MIMEPart.text(self.html, subtype: "html")
        if !figures.isEmpty {
            html = .multipart("related", [html] + figures.map { figure in
                MIMEPart.inlineImage(figure.image.png, contentType: "image/png", contentID: figure.contentID,
                                     fileName: (figure.path as NSString).lastPathComponent.replacingOccurrences(of: ".svg", with: ".png"))
            }, parameters: "type=\"text/html\"")
        }
        let alternative = MIMEPart.multipart("alternative", [.text(plainText), html])
        // Always mixed, even without attachments: one structure for every report.
        let root = MIMEPart.multipart("mixed", [alternative] + attachments.map {
            MIMEPart.attachment($0.data, contentType: $0.contentType, fileName: $0.fileName)
        })
        return MIMEMessage(from: options.from, to: options.to, subject: subject, date: options.date, root: root,
                           extraHeaders: [MIMEHeader("X-Mailer", "folio \(Folio.version)")])
    }

    /// `figures/x-y.svg` -> `x-y.png@folio`: the file name with anything outside letters,
    /// digits, `.`, `-` and `_` replaced, so that it is a valid Content-ID and `cid:` URL.
    static func contentID(for url: URL) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_".utf8)
        let stem = url.deletingPathExtension().lastPathComponent
        let safe = String(decoding: stem.utf8.map { allowed.contains($0) ? $0 : UInt8(ascii: "-") }, as: UTF8.self)
        return safe + ".png@folio"
    }

    /// The text of the first `# ` heading outside code fences, Markdown emphasis removed.
    static func firstHeading(ofMarkdown markdown: String) -> String? {
        var fence: Substring?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop(while: { $0 == " " })
            if let open = fence {
                if trimmed.hasPrefix(open) { fence = nil }
                continue
            }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { fence = trimmed.prefix(3); continue }
            if trimmed.hasPrefix("# ") {
                let text = trimmed.dropFirst(2).trimmingCharacters(in: .whitespaces)
                    .replacingOccurrences(of: "**", with: "").replacingOccurrences(of: "`", with: "")
                return text.isEmpty ? nil : text
            }
        }
        return nil
    }

    /// Inline styles where mail readers ignore a style sheet: table borders and padding,
    /// callout bars, figures no wider than the message; and each `cid:` image's size.
    static func styled(_ html: String, figures: [Figure]) -> String {
        var out = html.replacingOccurrences(of: "<table>", with: "<table style=\"border-collapse:collapse;margin:1em 0;font-size:14px\">")
        // A header cell without `align` is left-aligned like its column (browsers centre it);
        // one with `align` keeps it.
        out = out.replacingOccurrences(of: "<th>", with: "<th style=\"border:1px solid #d0d7de;padding:4px 8px;background:#f6f8fa;text-align:left\">")
        out = out.replacingOccurrences(of: "<th ", with: "<th style=\"border:1px solid #d0d7de;padding:4px 8px;background:#f6f8fa\" ")
        out = out.replacingOccurrences(of: "<td(?=[ >])", with: "<td style=\"border:1px solid #d0d7de;padding:4px 8px;vertical-align:top\"",
                                       options: .regularExpression)
        let colours: [HTMLAlert: String] = [.note: "#0969da", .tip: "#1a7f37", .important: "#8250df", .warning: "#9a6700", .caution: "#cf222e"]
        for (kind, colour) in colours {
            out = out.replacingOccurrences(of: "class=\"alert alert-\(kind.rawValue)\"",
                                           with: "class=\"alert alert-\(kind.rawValue)\" style=\"border-left:4px solid \(colour);padding:2px 12px;margin:1em 0\"")
        }
        for figure in figures {
            out = out.replacingOccurrences(of: "<img src=\"cid:\(figure.contentID)\"",
                                           with: "<img src=\"cid:\(figure.contentID)\" width=\"\(figure.image.width)\" style=\"max-width:100%;height:auto\"")
        }
        return out
    }

    /// The HTML alternative around `body`: no script, no style sheet link, nothing loaded.
    static func document(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        \(GeneratedFile.pageMarker)
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTMLExporter.escape(title))</title>
        </head>
        <body style="margin:0;padding:16px;font:15px/1.5 -apple-system,'Segoe UI',Helvetica,Arial,sans-serif;color:#1f2328;background:#ffffff">
        <div style="max-width:900px">
        \(body)</div>
        </body>
        </html>

        """
    }
}
