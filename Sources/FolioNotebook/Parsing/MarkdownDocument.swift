internal import CCmarkGFM
import Foundation

/// The block structure folio needs from a Markdown document, read with cmark-gfm (GFM
/// extensions: tables, strikethrough, autolinks, task lists) and copied into value types.
///
/// No C pointer leaves this file: the parser, the tree and the iterator are freed before
/// `init(parsing:)` returns.
struct MarkdownDocument: Sendable {
    /// A fenced or indented code block with its 1-based source lines.
    struct CodeBlock: Sendable, Equatable {
        /// The info string of a fenced block (empty for indented blocks).
        var info: String
        var literal: String
        var isFenced: Bool
        /// Whether the block is a direct child of the document (not inside a list or quote).
        var isTopLevel: Bool
        var startLine: Int
        var startColumn: Int
        var endLine: Int
    }

    var codeBlocks: [CodeBlock] = []
    /// Line ranges (1-based, inclusive) of blocks whose text is taken literally: code
    /// blocks and HTML blocks. Inline values are not substituted inside them.
    var literalLineRanges: [ClosedRange<Int>] = []

    /// cmark-gfm's extension registry and some of its parser state are process-global and
    /// not thread-safe (concurrent parses crash inside the library), so every call into it
    /// holds this lock. Parsing a notebook takes well under a millisecond.
    private static let cmarkLock = NSLock()

    /// Parses `source` (UTF-8 Markdown).
    init(parsing source: String) {
        var blocks: [CodeBlock] = []
        var literalRanges: [ClosedRange<Int>] = []
        MarkdownDocument.withTree(source, options: CMARK_OPT_SOURCEPOS | CMARK_OPT_UNSAFE) { root, _ in
            guard let iterator = cmark_iter_new(root) else { return }
            defer { cmark_iter_free(iterator) }
            while true {
                let event = cmark_iter_next(iterator)
                if event == CMARK_EVENT_DONE { break }
                guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
                let type = String(cString: cmark_node_get_type_string(node))
                switch type {
                case "code_block":
                    let info = cmark_node_get_fence_info(node).map { String(cString: $0) } ?? ""
                    let literal = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
                    // cmark_node_get_fenced writes through all three pointers: none may be NULL.
                    var fenceLength: Int32 = 0, fenceOffset: Int32 = 0
                    var fenceCharacter: CChar = 0
                    let fenced = cmark_node_get_fenced(node, &fenceLength, &fenceOffset, &fenceCharacter) != 0
                    let parent = cmark_node_parent(node)
                    let topLevel = parent.map { String(cString: cmark_node_get_type_string($0)) == "document" } ?? false
                    let start = Int(cmark_node_get_start_line(node))
                    let end = Int(cmark_node_get_end_line(node))
                    blocks.append(CodeBlock(
                        info: info, literal: literal, isFenced: fenced, isTopLevel: topLevel,
                        startLine: start, startColumn: Int(cmark_node_get_start_column(node)), endLine: end))
                    literalRanges.append(start...max(start, end))
                case "html_block":
                    let start = Int(cmark_node_get_start_line(node))
                    literalRanges.append(start...max(start, Int(cmark_node_get_end_line(node))))
                default:
                    break
                }
            }
        }
        codeBlocks = blocks
        literalLineRanges = literalRanges
    }

    /// Renders `markdown` to an HTML fragment with cmark-gfm's HTML renderer (GFM
    /// extensions on, raw HTML kept so that inline SVG figures survive).
    static func renderHTML(_ markdown: String) -> String {
        var html = ""
        withTree(markdown, options: CMARK_OPT_UNSAFE | CMARK_OPT_GITHUB_PRE_LANG) { root, parser in
            guard let rendered = cmark_render_html(root, CMARK_OPT_UNSAFE | CMARK_OPT_GITHUB_PRE_LANG,
                                                   cmark_parser_get_syntax_extensions(parser)) else { return }
            defer { free(rendered) }
            html = String(cString: rendered)
        }
        return html
    }

    /// Parses `text` with the GFM extensions attached and hands the tree to `body`, under
    /// the process-wide lock; the parser and the tree are freed when `body` returns.
    private static func withTree(_ text: String, options: Int32,
                                 _ body: (OpaquePointer, OpaquePointer) -> Void) {
        cmarkLock.lock()
        defer { cmarkLock.unlock() }
        cmark_gfm_core_extensions_ensure_registered()
        guard let parser = cmark_parser_new(options) else { return }
        defer { cmark_parser_free(parser) }
        for name in ["table", "strikethrough", "autolink", "tasklist"] {
            if let ext = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, ext)
            }
        }
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                cmark_parser_feed(parser, pointer, buffer.count)
            }
        }
        guard let root = cmark_parser_finish(parser) else { return }
        defer { cmark_node_free(root) }
        body(root, parser)
    }
}
