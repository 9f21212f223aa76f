/// The outer SVG document of every chart: root element with namespace, size, viewBox and
/// accessibility attributes, `<title>`, `<desc>`, `<defs>` and a white background.
///
/// Element ids are written in the body as ``ChartDocument/idToken`` followed by a suffix;
/// ``render()`` replaces the token with `folio-` and the FNV-1a hash of the whole document,
/// so ids depend on content only.
struct ChartDocument: Sendable {
    /// A placeholder for the id prefix (Unicode private-use characters, never produced
    /// by the charts themselves).
    static let idToken = "\u{E000}id\u{E001}"

    var width: Double
    var height: Double
    /// The accessible name: `<title>` and `aria-label`.
    var title: String
    /// A one-sentence description for `<desc>`.
    var description: String
    var defs: [SVGNode] = []
    var body: [SVGNode]
    /// Whether the body reuses elements with `<use xlink:href>` (declares the XLink namespace).
    var usesLinks = false

    /// The document text, ending in a newline.
    ///
    /// Complexity: O(size of the output).
    func render() -> String {
        let w = NumberText.coordinate(width)
        let h = NumberText.coordinate(height)
        let root = SVGElement(
            "svg",
            [
                ("xmlns", "http://www.w3.org/2000/svg"),
            ] + (usesLinks ? [("xmlns:xlink", "http://www.w3.org/1999/xlink")] : []) + [
                ("version", "1.1"), ("width", w), ("height", h), ("viewBox", "0 0 \(w) \(h)"),
                ("role", "img"), ("aria-label", title),
                ("font-family", Theme.fontFamily),
            ]
        ) {
            SVGElement("title") { SVGNode.text(title) }
            SVGElement("desc") { SVGNode.text(description) }
            if !defs.isEmpty {
                SVGElement("defs", children: defs)
            }
            SVGElement("rect", [("width", w), ("height", h), ("fill", Theme.background)])
            body
        }
        var output = ""
        output.reserveCapacity(16_384)
        SVGNode.element(root).write(to: &output, indent: 0)
        let offsets = output.utf8Offsets(of: Self.idToken)
        guard !offsets.isEmpty else { return output }
        let prefix = "folio-" + FNV1a.hex(output).prefix(12)
        return output.replacingUTF8(at: offsets, length: Self.idToken.utf8.count, with: String(prefix))
    }
}
