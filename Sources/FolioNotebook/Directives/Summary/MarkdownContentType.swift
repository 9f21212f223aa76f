import Mustache

/// The content type of summary templates: the template is Markdown, and every `{{ value }}`
/// it interpolates is data, written as text (`MarkdownText.escaped`, and `|` escaped so
/// that a value cannot split a table row). `{{{ value }}}` stays raw, as Mustache intends:
/// a template is the project's own file, and the HTML page is sanitized anyway.
struct MarkdownContentType: MustacheContentType {
    /// The pragma that selects it, registered with swift-mustache on first use.
    static let pragma: String = {
        MustacheContentTypes.register(MarkdownContentType(), named: "FOLIO_MARKDOWN")
        return "{{% CONTENT_TYPE: FOLIO_MARKDOWN}}"
    }()

    func escapeText(_ text: String) -> String {
        MarkdownText.escaped(text).replacingOccurrences(of: "|", with: "\\|")
    }
}
