/// One node of an ONNX graph: an operator applied to named values.
public struct Node: Sendable, Equatable {
    /// The node's name (`/rnn/LSTM`); may be empty in the file, then `#index` is used.
    public var name: String
    /// The operator type (`Gemm`, `LSTM`, ...).
    public var opType: String
    /// The operator domain; `""` (or `ai.onnx`) is the standard one.
    public var domain: String
    /// Names of the input values; `""` marks an absent optional input.
    public var inputs: [String]
    /// Names of the output values; `""` marks an output that is not wanted.
    public var outputs: [String]
    /// The attributes, by name.
    public var attributes: [String: Attribute]

    /// A node from its parts.
    public init(
        name: String, opType: String, domain: String = "", inputs: [String], outputs: [String],
        attributes: [String: Attribute] = [:]
    ) {
        self.name = name
        self.opType = opType
        self.domain = domain
        self.inputs = inputs
        self.outputs = outputs
        self.attributes = attributes
    }
}

/// The value of a node attribute.
public enum Attribute: Sendable, Equatable {
    /// `INT`
    case int(Int)
    /// `FLOAT`
    case float(Float)
    /// `STRING` (UTF-8)
    case string(String)
    /// `INTS`
    case ints([Int])
    /// `FLOATS`
    case floats([Float])
    /// `STRINGS`
    case strings([String])
    /// `TENSOR`
    case tensor(Tensor)
    /// A kind folio does not read (graphs, sparse tensors, types); the ONNX type name.
    case unsupported(String)
}
