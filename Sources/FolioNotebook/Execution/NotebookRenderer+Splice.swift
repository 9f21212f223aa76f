extension NotebookRenderer {
    /// The report body: the notebook's lines after the front matter, with each directive
    /// block's lines replaced by its fragment and each `{{ }}` in prose replaced by its
    /// value, as text (`MarkdownText.escaped`: a string result cannot form HTML). Every other byte is the author's, unchanged; code and HTML blocks are copied
    /// literally.
    func splice(blocks: [BlockRun], scope: Scope, diagnostics: inout [Diagnostic]) -> String {
        let lines = Notebook.splitLines(notebook.source)
        let newline = notebook.source.contains("\r\n") ? "\r\n" : "\n"
        var replaced: [Int: BlockRun] = [:]        // start line -> block
        var skipped = Set<Int>()
        for run in blocks {
            replaced[run.block.startLine] = run
            for line in run.block.startLine...max(run.block.startLine, run.block.endLine) { skipped.insert(line) }
        }
        var literal = Set<Int>()
        for range in notebook.literalLineRanges { for line in range { literal.insert(line) } }

        var out = ""
        var segment = ""
        var segmentStart = 0
        func flush() {
            guard !segment.isEmpty else { return }
            // Substitute what can be substituted; mark each failing reference visibly.
            let (text, errors) = scope.substituteLeniently(in: Substring(segment), origin: SourceLocation(line: segmentStart, column: 1), asMarkdownText: true)
            out += text
            for error in errors { diagnostics.append(diagnostic(error, fallback: SourceLocation(line: segmentStart, column: 1))) }
            segment = ""
        }
        var lineNumber = notebook.frontMatterLineCount
        while lineNumber < lines.count {
            let n = lineNumber + 1
            if let run = replaced[n] {
                flush()
                var fragment = run.markdown
                if !fragment.hasSuffix("\n") { fragment += "\n" }
                if newline == "\r\n" { fragment = fragment.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n") }
                out += fragment
                // Keep the block's own trailing line break situation: a block at the very
                // end of a file without a final newline still ends with one line break.
                lineNumber = max(run.block.startLine, run.block.endLine)
                continue
            }
            if skipped.contains(n) { lineNumber += 1; continue }
            if literal.contains(n) {
                flush()
                out += lines[lineNumber]
            } else {
                if segment.isEmpty { segmentStart = n }
                segment += lines[lineNumber]
            }
            lineNumber += 1
        }
        flush()
        return out
    }
}
