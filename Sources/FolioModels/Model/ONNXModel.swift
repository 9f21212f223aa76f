import Foundation

/// An ONNX model read into value types: the graph's nodes, inputs, outputs and
/// initializers, the opsets it imports and its metadata.
///
/// Reading checks what can be checked without running: the bytes are an ONNX `ModelProto`,
/// every initializer has a supported element type and its data inline (external data is
/// an error), every node input is produced by something. Whether folio can run each
/// operator is checked by `InferenceSession`.
///
///     let model = try ONNXModel(contentsOf: "models/production/lstm/model.onnx")
///     model.features   // ["ret_1", "ret_5", ...] from metadata_props "features"
///     model.window     // 24 from metadata_props "window"
public struct ONNXModel: Sendable {
    /// The file the model was read from, for messages; `nil` when read from bytes.
    public var path: String?
    /// The ONNX IR version.
    public var irVersion: Int
    /// The producer (`pytorch`, `onnx.helper`, ...) and its version.
    public var producer: String
    /// Opset versions by domain (`""` is the standard operator set).
    public var opsetImports: [String: Int]
    /// The graph inputs fed at run time (graph inputs that are also initializers are not
    /// listed: they are constants).
    public var inputs: [ValueInfo]
    /// The graph outputs, in order.
    public var outputs: [ValueInfo]
    /// Constant tensors by name: weights and biases.
    public var initializers: [String: Tensor]
    /// The nodes, in file order (ONNX requires topological order; `InferenceSession` does
    /// not rely on it).
    public var nodes: [Node]
    /// `metadata_props`, by key.
    public var metadata: [String: String]

    /// The standard opset the model imports (domain `""` or `ai.onnx`), if any.
    public var opset: Int? { opsetImports[""] ?? opsetImports["ai.onnx"] }

    /// The input feature order from `metadata_props["features"]` (comma-separated, spaces
    /// trimmed), or `nil` when the model does not say.
    public var features: [String]? {
        guard let text = metadata["features"] else { return nil }
        let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return names.isEmpty ? nil : names
    }

    /// The window length in steps from `metadata_props["window"]`, or `nil`.
    public var window: Int? {
        metadata["window"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// Reads the model in the file at `path`.
    ///
    /// - Throws: `ModelError` (`io`, `malformed`, `unsupported`, `invalidGraph`) naming the file.
    public init(contentsOf path: String) throws(ModelError) {
        let bytes: Data
        do {
            bytes = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            throw ModelError(.io, "cannot read the model: \(error.localizedDescription)", path: path)
        }
        try self.init(serialized: bytes, path: path)
    }

    /// Reads a model from its serialized `ModelProto` bytes.
    ///
    /// - Parameters:
    ///   - serialized: the bytes of an `.onnx` file.
    ///   - path: the file name used in error messages.
    /// - Throws: `ModelError` (`malformed`, `unsupported`, `invalidGraph`).
    public init(serialized: Data, path: String? = nil) throws(ModelError) {
        do {
            self = try ONNXModel.decode(serialized, path: path)
        } catch {
            throw error.located(at: path)
        }
    }

    /// A model from its parts (for tests and for models built in code).
    public init(
        inputs: [ValueInfo], outputs: [ValueInfo], initializers: [String: Tensor], nodes: [Node],
        opsetImports: [String: Int] = ["": 17], metadata: [String: String] = [:], path: String? = nil
    ) {
        self.path = path
        self.irVersion = 8
        self.producer = "folio"
        self.opsetImports = opsetImports
        self.inputs = inputs
        self.outputs = outputs
        self.initializers = initializers
        self.nodes = nodes
        self.metadata = metadata
    }
}
