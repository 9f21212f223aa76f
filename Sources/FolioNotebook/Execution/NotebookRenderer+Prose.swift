extension NotebookRenderer {
    /// A run of prose lines between directive blocks and literal (code, HTML) blocks:
    /// the text whose `{{ }}` references are substituted in the report.
    struct ProseSegment {
        /// The 1-based line of the segment's first line.
        var line: Int
        /// The lines, with their terminators.
        var text: String
    }

    /// The notebook's prose, in order, cut as `splice(blocks:scope:diagnostics:)` cuts
    /// it: after the front matter, without directive blocks, code and HTML blocks.
    /// `folio check` reads the references in it without rendering.
    var proseSegments: [ProseSegment] {
        let lines = Notebook.splitLines(notebook.source)
        var excluded = Set<Int>()
        for block in notebook.blocks { for line in block.startLine...max(block.startLine, block.endLine) { excluded.insert(line) } }
        for range in notebook.literalLineRanges { for line in range { excluded.insert(line) } }
        var segments: [ProseSegment] = []
        var current: ProseSegment?
        for index in notebook.frontMatterLineCount..<lines.count {
            let n = index + 1
            if excluded.contains(n) {
                if let segment = current { segments.append(segment) }
                current = nil
            } else if current == nil {
                current = ProseSegment(line: n, text: lines[index])
            } else {
                current?.text += lines[index]
            }
        }
        if let segment = current { segments.append(segment) }
        return segments
    }
}
