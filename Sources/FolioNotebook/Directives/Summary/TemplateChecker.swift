/// Finds the tags of a Mustache template whose names resolve to nothing in the data, so
/// that a missing value is an error with the template's line and column instead of a
/// silent blank (swift-mustache, like the spec, renders missing names as empty).
enum TemplateChecker {
    struct Problem: Error, Sendable {
        var line: Int
        var column: Int
        var message: String
    }

    struct Tag {
        enum Kind { case variable, section, inverted, close, comment, partial, delimiters, pragma }
        var kind: Kind
        var name: String
        var line: Int
        var column: Int
    }

    /// The tags of `template`, with 1-based lines and columns.
    static func tags(in template: String) throws(Problem) -> [Tag] {
        var tags: [Tag] = []
        let bytes = Array(template.utf8)
        var i = 0, line = 1, lineStart = 0
        while i < bytes.count {
            if bytes[i] == 0x0A { line += 1; lineStart = i + 1; i += 1; continue }
            guard bytes[i] == UInt8(ascii: "{"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "{") else { i += 1; continue }
            let column = i - lineStart + 1
            let triple = i + 2 < bytes.count && bytes[i + 2] == UInt8(ascii: "{")
            let open = i + (triple ? 3 : 2)
            let closer = triple ? Array("}}}".utf8) : Array("}}".utf8)
            var j = open
            while j + closer.count <= bytes.count, Array(bytes[j..<(j + closer.count)]) != closer { j += 1 }
            guard j + closer.count <= bytes.count else {
                throw Problem(line: line, column: column, message: "unclosed tag")
            }
            var inner = String(decoding: bytes[open..<j], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            var kind = Tag.Kind.variable
            if !triple, let first = inner.first {
                switch first {
                case "#": kind = .section
                case "^": kind = .inverted
                case "/": kind = .close
                case "!": kind = .comment
                case ">", "<", "$": kind = .partial
                case "=": kind = .delimiters
                case "%": kind = .pragma
                case "&": kind = .variable
                default: break
                }
                if kind != .variable || first == "&" { inner = String(inner.dropFirst()).trimmingCharacters(in: .whitespaces) }
            }
            tags.append(Tag(kind: kind, name: inner, line: line, column: column))
            for b in bytes[i..<(j + closer.count)] where b == 0x0A { line += 1 }
            i = j + closer.count
        }
        return tags
    }

    /// The name inside a transform, `f3(report.id.x)` -> (`f3`, `report.id.x`).
    static func splitTransform(_ name: String) -> (transform: String?, path: String) {
        guard name.hasSuffix(")"), let open = name.firstIndex(of: "(") else { return (nil, name) }
        return (String(name[..<open]), String(name[name.index(after: open)..<name.index(before: name.endIndex)]))
    }

    /// Every name of `template` that resolves to nothing in `root` (after the first
    /// problem in a section, the section's own names are not checked), unknown
    /// transforms, unsupported tags, and sections closed wrongly or never.
    /// - Parameter unrendered: report names that exist but have no results yet, so
    ///   that a name starting with one says so.
    /// - Throws: a tag that is not closed (the rest cannot be read).
    static func problems(in template: String, root: JSONValue, knownTransforms: [String], unrendered: Set<String> = []) throws(Problem) -> [Problem] {
        var problems: [Problem] = []
        var stack: [JSONValue?] = [root]   // nil: inside an empty list or a missing value, nothing to check
        var open: [Tag] = []
        for tag in try tags(in: template) {
            switch tag.kind {
            case .comment, .pragma: continue
            case .partial: problems.append(Problem(line: tag.line, column: tag.column, message: "partials are not supported in summary templates"))
            case .delimiters:
                problems.append(Problem(line: tag.line, column: tag.column, message: "changing delimiters is not supported in summary templates"))
                return problems
            case .close:
                guard let last = open.last, last.name == tag.name else {
                    let detail = open.last.map { "; the open section is '\($0.name)' (line \($0.line), column \($0.column))" } ?? ""
                    problems.append(Problem(line: tag.line, column: tag.column, message: "'{{/\(tag.name)}}' closes no open section\(detail)"))
                    continue
                }
                open.removeLast()
                stack.removeLast()
            case .variable, .section, .inverted:
                let (transform, path) = splitTransform(tag.name)
                if let transform, !knownTransforms.contains(transform) {
                    problems.append(Problem(line: tag.line, column: tag.column,
                                            message: "unknown transform '\(transform)'\(Suggestion.hint(for: transform, in: knownTransforms))"))
                }
                var value: JSONValue?
                let checkable = !stack.contains { $0 == nil }
                if checkable { value = lookup(path, in: stack.compactMap { $0 }) }
                var missing = false
                if checkable, value == nil, tag.kind != .inverted {
                    problems.append(Problem(line: tag.line, column: tag.column,
                                            message: missingMessage(path, stack: stack.compactMap { $0 }, unrendered: unrendered)))
                    missing = true
                }
                if tag.kind != .variable {
                    open.append(tag)
                    switch value {
                    case .array(let items)?: stack.append(items.first)
                    case .object?: stack.append(value)
                    default: stack.append(missing ? nil : (stack.last ?? nil))
                    }
                }
            }
        }
        for tag in open.reversed() {
            problems.append(Problem(line: tag.line, column: tag.column, message: "section '\(tag.name)' is never closed: add '{{/\(tag.name)}}'"))
        }
        return problems.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
    }

    static func lookup(_ path: String, in stack: [JSONValue]) -> JSONValue? {
        if path == "." { return stack.last }
        let components = path.split(separator: ".").map(String.init)
        guard let head = components.first else { return nil }
        for context in stack.reversed() {
            if let start = context.value(at: [head]) {
                return start.value(at: components.dropFirst())
            }
        }
        return nil
    }

    static func missingMessage(_ path: String, stack: [JSONValue], unrendered: Set<String> = []) -> String {
        let components = path.split(separator: ".").map(String.init)
        guard let root = stack.first else { return "no value for '\(path)'" }
        if let head = components.first, unrendered.contains(head) {
            return "no value for '\(path)': report '\(head)' has no results yet (render it first)"
        }
        if components.count == 1, let head = components.first, stack.count > 1, let section = stack.last {
            // A name inside a section: looked up in the section's value first.
            let available = section.childNames
            return "no value for '\(path)': no '\(head)' in the section's value\(Suggestion.hint(for: head, in: available))"
                + (available.isEmpty ? "" : "; available: \(available.prefix(10).joined(separator: ", "))")
        }
        var current = root
        var walked: [String] = []
        for component in components {
            guard let next = current.value(at: [component]) else {
                let available = current.childNames
                let place = walked.isEmpty ? "the reports" : walked.joined(separator: ".")
                return "no value for '\(path)': no '\(component)' in \(place)\(Suggestion.hint(for: component, in: available))"
                    + (available.isEmpty ? "" : "; available: \(available.prefix(10).joined(separator: ", "))")
            }
            current = next
            walked.append(component)
        }
        return "no value for '\(path)'"
    }
}
