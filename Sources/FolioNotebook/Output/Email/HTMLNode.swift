/// A small tree read from sanitized HTML (what `HTMLSanitizer` and `HTMLAlert` write), for
/// `PlainTextRenderer`: elements with their attributes, and text with character references
/// decoded. End tags close the nearest open element of the same name; void elements
/// (`br`, `hr`, `img`, `input`) have no children.
indirect enum HTMLNode: Equatable {
    case text(String)
    case element(name: String, attributes: [String: String], children: [HTMLNode])

    static let voidElements: Set<String> = ["br", "hr", "img", "input", "meta", "link"]

    /// The nodes of `html`, in order.
    static func parse(_ html: String) -> [HTMLNode] {
        var tokenizer = HTMLTokenizer(html)
        // Open elements: name, attributes, children so far; the bottom one is the fragment.
        var stack: [(name: String, attributes: [String: String], children: [HTMLNode])] = [("", [:], [])]
        func close() {
            let top = stack.removeLast()
            stack[stack.count - 1].children.append(.element(name: top.name, attributes: top.attributes, children: top.children))
        }
        while let token = tokenizer.next() {
            switch token {
            case .text(let text):
                stack[stack.count - 1].children.append(.text(HTMLTokenizer.decodeReferences(ArraySlice(text.utf8))))
            case .lessThan:
                stack[stack.count - 1].children.append(.text("<"))
            case .startTag(let tag):
                var attributes: [String: String] = [:]
                for (name, value) in tag.attributes where attributes[name] == nil { attributes[name] = value }
                if voidElements.contains(tag.name) || tag.selfClosing {
                    stack[stack.count - 1].children.append(.element(name: tag.name, attributes: attributes, children: []))
                } else {
                    stack.append((tag.name, attributes, []))
                }
            case .endTag(let name):
                guard let index = stack.lastIndex(where: { $0.name == name }), index > 0 else { continue }
                while stack.count > index { close() }
            case .dropped:
                break
            }
        }
        while stack.count > 1 { close() }
        return stack[0].children
    }

    /// The text of the node and its descendants, as written (whitespace not collapsed).
    var textContent: String {
        switch self {
        case .text(let text): text
        case .element(_, _, let children): children.map(\.textContent).joined()
        }
    }
}
