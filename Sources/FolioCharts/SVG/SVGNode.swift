/// One node of an SVG document tree: an element or a run of character data.
///
/// The tree is built with ``SVGBuilder`` and serialised by ``SVGNode/write(to:indent:)``;
/// attribute order is the order of construction, so output is deterministic.
enum SVGNode: Sendable {
    /// An element with its attributes (in order) and children.
    case element(SVGElement)
    /// Character data; escaped when written.
    case text(String)
}

/// An SVG element: a name, ordered attributes and child nodes.
struct SVGElement: Sendable {
    /// The element name, e.g. `path`.
    var name: String
    /// Attributes in output order. Values are escaped when written.
    var attributes: [(name: String, value: String)]
    /// Child nodes.
    var children: [SVGNode]

    init(_ name: String, _ attributes: [(String, String)] = [], children: [SVGNode] = []) {
        self.name = name
        self.attributes = attributes.map { (name: $0.0, value: $0.1) }
        self.children = children
    }

    init(_ name: String, _ attributes: [(String, String)] = [], @SVGBuilder content: () -> [SVGNode]) {
        self.init(name, attributes, children: content())
    }
}

extension SVGNode {
    /// Serialises the node: one element per line, two spaces of indentation per level;
    /// an element whose only child is text is written on one line.
    ///
    /// Complexity: O(size of the output).
    func write(to output: inout String, indent: Int) {
        switch self {
        case .text(let text):
            output.append(String(repeating: "  ", count: indent))
            output.append(XMLEscape.text(text))
            output.append("\n")
        case .element(let element):
            output.append(String(repeating: "  ", count: indent))
            output.append("<")
            output.append(element.name)
            for attribute in element.attributes {
                output.append(" ")
                output.append(attribute.name)
                output.append("=\"")
                output.append(XMLEscape.attribute(attribute.value))
                output.append("\"")
            }
            if element.children.isEmpty {
                output.append("/>\n")
                return
            }
            if element.children.count == 1, case .text(let text) = element.children[0] {
                output.append(">")
                output.append(XMLEscape.text(text))
                output.append("</\(element.name)>\n")
                return
            }
            output.append(">\n")
            for child in element.children {
                child.write(to: &output, indent: indent + 1)
            }
            output.append(String(repeating: "  ", count: indent))
            output.append("</\(element.name)>\n")
        }
    }
}
