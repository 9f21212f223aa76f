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

    /// Checks that every variable and section name resolves in `root`.
    static func check(_ template: String, root: JSONValue, knownTransforms: [String]) throws(Problem) {
        var stack: [JSONValue?] = [root]   // nil: inside an empty list, nothing to check
        var names: [String] = []
        for tag in try tags(in: template) {
            switch tag.kind {
            case .comment, .pragma: continue
            case .partial: throw Problem(line: tag.line, column: tag.column, message: "partials are not supported in summary templates")
            case .delimiters: throw Problem(line: tag.line, column: tag.column, message: "changing delimiters is not supported in summary templates")
            case .close:
                guard let last = names.popLast(), last == tag.name else {
                    throw Problem(line: tag.line, column: tag.column, message: "'{{/\(tag.name)}}' closes no open section")
                }
                stack.removeLast()
            case .variable, .section, .inverted:
                let (transform, path) = splitTransform(tag.name)
                if let transform, !knownTransforms.contains(transform) {
                    throw Problem(line: tag.line, column: tag.column,
                                  message: "unknown transform '\(transform)'\(Suggestion.hint(for: transform, in: knownTransforms))")
                }
                var value: JSONValue?
                var checkable = true
                if stack.contains(where: { $0 == nil }) { checkable = false } else { value = lookup(path, in: stack.compactMap { $0 }) }
                if checkable, value == nil, tag.kind != .inverted {
                    throw Problem(line: tag.line, column: tag.column, message: missingMessage(path, stack: stack.compactMap { $0 }))
                }
                if tag.kind != .variable {
                    names.append(tag.name)
                    switch value {
                    case .array(let items)?: stack.append(items.first)
                    case .object?: stack.append(value)
                    default: stack.append(stack.last ?? nil)
                    }
                }
            }
        }
        if let open = names.last { throw Problem(line: 1, column: 1, message: "section '\(open)' is never closed") }
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

    static func missingMessage(_ path: String, stack: [JSONValue]) -> String {
        let components = path.split(separator: ".").map(String.init)
        guard let root = stack.first else { return "no value for '\(path)'" }
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
