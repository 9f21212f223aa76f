/// A result builder for SVG node lists, modelled on Plot's `ComponentBuilder`:
/// elements, node arrays, optionals, `if`/`else` and `for` loops all compose.
@resultBuilder
enum SVGBuilder {
    static func buildBlock(_ parts: [SVGNode]...) -> [SVGNode] {
        parts.flatMap { $0 }
    }

    static func buildExpression(_ element: SVGElement) -> [SVGNode] {
        [.element(element)]
    }

    static func buildExpression(_ node: SVGNode) -> [SVGNode] {
        [node]
    }

    static func buildExpression(_ nodes: [SVGNode]) -> [SVGNode] {
        nodes
    }

    static func buildExpression(_ elements: [SVGElement]) -> [SVGNode] {
        elements.map { .element($0) }
    }

    static func buildOptional(_ nodes: [SVGNode]?) -> [SVGNode] {
        nodes ?? []
    }

    static func buildEither(first nodes: [SVGNode]) -> [SVGNode] {
        nodes
    }

    static func buildEither(second nodes: [SVGNode]) -> [SVGNode] {
        nodes
    }

    static func buildArray(_ parts: [[SVGNode]]) -> [SVGNode] {
        parts.flatMap { $0 }
    }
}
