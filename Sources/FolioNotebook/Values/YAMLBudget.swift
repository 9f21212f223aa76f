internal import CYaml

/// The size limits of every YAML document folio reads (directive bodies and front matter),
/// checked on libyaml's event stream before Yams builds a tree.
///
/// Yams's composer resolves an alias by sharing the anchored node, so nine levels of
/// `&a [*a, *a, ...]` compose quickly into a small graph; but anything that walks that
/// graph as a tree (folio's conversion to `ParamValue`, Yams's hashing of mapping keys
/// while it checks for duplicates) visits 9⁹ nodes: minutes and gigabytes. Deep nesting
/// (`[[[[...]]]]`) recurses once per level in Yams's composer and in folio's conversion.
/// Counting on events bounds both before any tree exists: each node counts one, each
/// alias counts the expanded size of its anchor, and nesting is measured with aliases
/// expanded.
///
/// Real parameters are far below the limits: the largest block in the Phase 4 notebooks
/// has about 60 nodes and nests 4 levels.
enum YAMLBudget {
    /// The most nodes a document may expand to, aliases expanded.
    static let maxNodes = 100_000
    /// The deepest nesting of sequences and mappings, aliases expanded.
    static let maxDepth = 64

    /// A limit that `yaml` exceeds: what was exceeded, and where (1-based line and column
    /// in `yaml`, at the node or alias that crossed the limit).
    struct Exceeded: Error, Equatable {
        var message: String
        var line: Int
        var column: Int
    }

    /// Checks `yaml` against the limits.
    ///
    /// Syntax errors end the check without an error: everything before them was within
    /// the limits, and Yams reports them with its own message.
    ///
    /// - Throws: `Exceeded` at the first node or alias past a limit.
    /// - Complexity: O(`yaml.utf8.count`) time; memory proportional to the nesting depth
    ///   and the number of anchors.
    static func check(_ yaml: String, maxNodes: Int = maxNodes, maxDepth: Int = maxDepth) throws(Exceeded) {
        var bytes = Array(yaml.utf8)
        guard !bytes.isEmpty else { return }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        try bytes.withUnsafeMutableBufferPointer { (buffer) throws(Exceeded) in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var counter = Counter(maxNodes: maxNodes, maxDepth: maxDepth)
            var event = yaml_event_t()
            while yaml_parser_parse(&parser, &event) == 1 {
                defer { yaml_event_delete(&event) }
                let mark = event.start_mark
                let at = (line: Int(mark.line) + 1, column: Int(mark.column) + 1)
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return
                case YAML_SCALAR_EVENT:
                    try counter.scalar(anchor: anchorName(event.data.scalar.anchor), at: at)
                case YAML_SEQUENCE_START_EVENT:
                    try counter.open(anchor: anchorName(event.data.sequence_start.anchor), at: at)
                case YAML_MAPPING_START_EVENT:
                    try counter.open(anchor: anchorName(event.data.mapping_start.anchor), at: at)
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    counter.close()
                case YAML_ALIAS_EVENT:
                    try counter.alias(anchorName(event.data.alias.anchor) ?? "", at: at)
                default:
                    break
                }
            }
            // libyaml stops at 1,000 levels on its own, before it produces the events of the
            // first levels when they are all flow collections (`[[[[...`): the same limit, in
            // folio's words, at libyaml's position.
            if parser.error == YAML_PARSER_ERROR, let problem = parser.problem,
               String(cString: problem).hasPrefix("Maximum nesting level") {
                throw Exceeded(message: "YAML nested more than \(maxDepth) levels deep",
                               line: Int(parser.problem_mark.line) + 1, column: Int(parser.problem_mark.column) + 1)
            }
        }
    }

    private static func anchorName(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    /// Expanded sizes as the events arrive. The levels of a node are 0 for a scalar and
    /// one more than its deepest child for a sequence or mapping.
    private struct Counter {
        /// An open sequence or mapping.
        struct Frame {
            var anchor: String?
            /// `nodes` before it opened, to know its expanded size when it closes.
            var nodesBefore: Int
            /// The most levels of any child so far.
            var childLevels: Int
        }

        /// Expanded size and levels of each anchored node; a later anchor of the same
        /// name replaces the earlier one, as in YAML.
        var anchors: [String: (nodes: Int, levels: Int)] = [:]
        /// The open sequences and mappings: the nesting depth is their number.
        var stack: [Frame] = []
        var nodes = 0
        let maxNodes: Int
        let maxDepth: Int

        init(maxNodes: Int, maxDepth: Int) {
            self.maxNodes = maxNodes
            self.maxDepth = maxDepth
        }

        mutating func scalar(anchor: String?, at: (line: Int, column: Int)) throws(Exceeded) {
            try count(1, at: at)
            if let anchor { anchors[anchor] = (1, 0) }
        }

        mutating func open(anchor: String?, at: (line: Int, column: Int)) throws(Exceeded) {
            try count(1, at: at)
            stack.append(Frame(anchor: anchor, nodesBefore: nodes - 1, childLevels: 0))
            if stack.count > maxDepth {
                throw Exceeded(message: "YAML nested more than \(maxDepth) levels deep", line: at.line, column: at.column)
            }
        }

        mutating func close() {
            guard let frame = stack.popLast() else { return }
            let levels = frame.childLevels + 1
            if let anchor = frame.anchor { anchors[anchor] = (nodes - frame.nodesBefore, levels) }
            child(levels: levels)
        }

        mutating func alias(_ name: String, at: (line: Int, column: Int)) throws(Exceeded) {
            // An undefined alias (or one to a node still open, which YAML forbids) is
            // Yams's error to report; count it as one scalar.
            let anchored = anchors[name] ?? (1, 0)
            if stack.count + anchored.levels > maxDepth {
                throw Exceeded(message: "YAML nested more than \(maxDepth) levels deep once alias *\(name) is expanded",
                               line: at.line, column: at.column)
            }
            try count(anchored.nodes, at: at, alias: name)
            child(levels: anchored.levels)
        }

        private mutating func child(levels: Int) {
            guard !stack.isEmpty else { return }
            stack[stack.count - 1].childLevels = max(stack[stack.count - 1].childLevels, levels)
        }

        private mutating func count(_ added: Int, at: (line: Int, column: Int), alias: String? = nil) throws(Exceeded) {
            nodes += added
            guard nodes > maxNodes else { return }
            let cause = alias.map { " once alias *\($0) is expanded" } ?? ""
            throw Exceeded(message: "YAML too large: more than \(maxNodes) values\(cause)", line: at.line, column: at.column)
        }
    }
}
