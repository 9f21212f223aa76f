/// A chart that renders itself as a standalone SVG 1.1 document.
///
/// Rendering is a pure function of the value: the same chart always gives the same
/// bytes (locale-independent numbers, element ids derived from the content's FNV-1a
/// hash), and it never traps: empty data draws a "No data" note, and an inconsistent
/// chart (see each type's `validate()`) draws its error message in place of the plot.
public protocol SVGRenderable: Sendable {
    /// The SVG document: an `<svg>` root with the SVG namespace, `width`, `height`,
    /// `viewBox`, `role="img"`, `aria-label`, `<title>` and `<desc>`; no scripts and no
    /// external references. The text ends with a newline.
    func render() -> String
}
