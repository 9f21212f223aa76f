/// A graph input or output: its name, element type and shape.
public struct ValueInfo: Sendable, Equatable {
    /// One dimension of a declared shape.
    public enum Dimension: Sendable, Hashable, CustomStringConvertible {
        /// A fixed size.
        case fixed(Int)
        /// A named size (`batch`, `N`), fixed only when the model runs.
        case symbolic(String)
        /// A size the model leaves open without a name.
        case unknown

        /// `24`, `batch` or `?`.
        public var description: String {
            switch self {
            case .fixed(let size): String(size)
            case .symbolic(let name): name
            case .unknown: "?"
            }
        }

        /// The size when it is fixed.
        public var size: Int? {
            if case .fixed(let size) = self { return size }
            return nil
        }
    }

    /// The value's name.
    public var name: String
    /// The ONNX element type code (`1` is float); see `ElementType`.
    public var elementTypeCode: Int32
    /// The declared dimensions; `nil` when the model declares no shape.
    public var shape: [Dimension]?

    /// A value description from its parts.
    public init(name: String, elementTypeCode: Int32, shape: [Dimension]?) {
        self.name = name
        self.elementTypeCode = elementTypeCode
        self.shape = shape
    }

    /// The element type, when folio supports it.
    public var elementType: ElementType? { ElementType(rawValue: elementTypeCode) }

    /// `x: float [batch, 24, 23]`.
    public var summary: String {
        let dims = shape.map { "[" + $0.map(\.description).joined(separator: ", ") + "]" } ?? "(no shape)"
        return "\(name): \(ElementType.onnxName(of: elementTypeCode)) \(dims)"
    }
}
