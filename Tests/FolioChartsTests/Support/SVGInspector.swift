import Foundation
import Testing

@testable import FolioCharts

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A parsed SVG document: every element in document order with its attributes and text.
struct ParsedSVG {
    struct Element {
        var name: String
        var attributes: [String: String]
        var text: String
        var depth: Int
    }

    var elements: [Element]

    var root: Element? { elements.first }

    func all(_ name: String) -> [Element] {
        elements.filter { $0.name == name }
    }

    /// Every `<text>` content, in document order.
    var texts: [String] { all("text").map(\.text) }

    /// Parses `svg` with Foundation's `XMLParser` (namespace processing on); throws when
    /// the document is not well-formed XML.
    static func parse(_ svg: String) throws -> ParsedSVG {
        let collector = Collector()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.shouldProcessNamespaces = false
        parser.delegate = collector
        let ok = parser.parse()
        if !ok || collector.failure != nil {
            throw ParseFailure(
                message: collector.failure ?? parser.parserError.map { "\($0)" } ?? "unknown XML error",
                line: parser.lineNumber, column: parser.columnNumber)
        }
        return ParsedSVG(elements: collector.elements)
    }

    struct ParseFailure: Error, CustomStringConvertible {
        var message: String
        var line: Int
        var column: Int
        var description: String { "XML error at \(line):\(column): \(message)" }
    }

    private final class Collector: NSObject, XMLParserDelegate {
        var elements: [Element] = []
        var stack: [Int] = []
        var failure: String?

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
            qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
        ) {
            elements.append(Element(name: elementName, attributes: attributeDict, text: "", depth: stack.count))
            stack.append(elements.count - 1)
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if let top = stack.last { elements[top].text += string }
        }

        func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
        ) {
            stack.removeLast()
        }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
            failure = "\(parseError)"
        }
    }
}

/// Checks shared by every chart: well-formed XML, SVG root attributes, accessibility,
/// no scripts or external references, and deterministic output.
@discardableResult
func checkDocument(
    _ chart: some SVGRenderable, sourceLocation: SourceLocation = #_sourceLocation
) throws -> (svg: String, parsed: ParsedSVG) {
    let svg = chart.render()
    let parsed = try ParsedSVG.parse(svg)
    let root = try #require(parsed.root, sourceLocation: sourceLocation)
    #expect(root.name == "svg", sourceLocation: sourceLocation)
    #expect(root.attributes["xmlns"] == "http://www.w3.org/2000/svg", sourceLocation: sourceLocation)
    #expect(root.attributes["version"] == "1.1", sourceLocation: sourceLocation)
    #expect(root.attributes["role"] == "img", sourceLocation: sourceLocation)
    #expect(!(root.attributes["aria-label"] ?? "").isEmpty, sourceLocation: sourceLocation)
    let viewBox = root.attributes["viewBox"] ?? ""
    #expect(viewBox == "0 0 \(root.attributes["width"] ?? "?") \(root.attributes["height"] ?? "?")", sourceLocation: sourceLocation)
    #expect(parsed.elements.count > 1 && parsed.elements[1].name == "title", sourceLocation: sourceLocation)
    #expect(parsed.all("desc").count == 1, sourceLocation: sourceLocation)
    #expect(parsed.all("script").isEmpty, sourceLocation: sourceLocation)
    #expect(parsed.all("image").isEmpty && parsed.all("foreignObject").isEmpty, sourceLocation: sourceLocation)
    for element in parsed.elements {
        for (name, value) in element.attributes {
            #expect(!name.hasPrefix("on"), "event handler \(name)", sourceLocation: sourceLocation)
            // Only references inside the document (`<use xlink:href="#id">`), checked below.
            #expect(!name.contains("href") || value.hasPrefix("#"), "reference \(name)", sourceLocation: sourceLocation)
            if name != "xmlns" && name != "xmlns:xlink" {
                #expect(!value.contains("http"), "external reference in \(name)", sourceLocation: sourceLocation)
            }
            if numericAttributes.contains(name) {
                #expect(
                    !value.contains("NaN") && !value.contains("inf") && !value.contains("\u{221E}"),
                    "\(element.name) \(name)=\(value)", sourceLocation: sourceLocation)
            }
        }
    }
    // Every url(#id) and #id reference resolves to an element of this document.
    let ids = Set(parsed.elements.compactMap { $0.attributes["id"] })
    for element in parsed.elements {
        for (name, value) in element.attributes where name.contains("href") {
            #expect(ids.contains(String(value.dropFirst())), "dangling \(name)=\(value)", sourceLocation: sourceLocation)
        }
    }
    for element in parsed.elements {
        for value in element.attributes.values where value.hasPrefix("url(#") {
            let id = String(value.dropFirst(5).dropLast())
            #expect(ids.contains(id), "dangling reference \(value)", sourceLocation: sourceLocation)
        }
    }
    for id in ids {
        #expect(id.hasPrefix("folio-"), "id \(id)", sourceLocation: sourceLocation)
    }
    #expect(chart.render() == svg, "rendering is deterministic", sourceLocation: sourceLocation)
    return (svg, parsed)
}

/// Attributes that hold numbers or path data.
let numericAttributes: Set<String> = [
    "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "width", "height", "d", "transform", "viewBox",
    "stroke-width", "fill-opacity", "offset",
]
