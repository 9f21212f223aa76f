/// An error from loading, running or scoring an ONNX model.
///
/// It names the file and, for graph problems, the node and its operator, so that
/// `description` reads like a compiler diagnostic:
///
///     models/lstm.onnx: node "/rnn/LSTM" (LSTM): input W has shape [1, 32, 5], expected [1, 32, 4]
public struct ModelError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, for callers that react differently to different problems.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The file could not be read.
        case io
        /// The bytes are not an ONNX model (truncated, garbage, or missing parts).
        case malformed
        /// The model uses something folio does not run: an operator, an attribute value,
        /// an element type, an opset, external data.
        case unsupported
        /// The graph is inconsistent: a value no node produces, a cycle, shapes that
        /// do not fit an operator.
        case invalidGraph
        /// The data given to the model does not fit it: missing or extra features,
        /// a feature count that differs from the input shape, a bad window.
        case invalidInput
        /// The scaler beside the model is missing parts, refused (pickle) or does not
        /// match the features.
        case scaler
    }

    /// What went wrong.
    public var kind: Kind
    /// The message, without location.
    public var message: String
    /// The model (or scaler, or data) file concerned.
    public var path: String?
    /// The name of the graph node concerned (may be empty in the model: then its index).
    public var node: String?
    /// The operator type of `node`.
    public var opType: String?

    /// Creates an error.
    public init(_ kind: Kind, _ message: String, path: String? = nil, node: String? = nil, opType: String? = nil) {
        self.kind = kind
        self.message = message
        self.path = path
        self.node = node
        self.opType = opType
    }

    /// `path: node "name" (Op): message`, leaving out the parts that are unknown.
    public var description: String {
        var parts: [String] = []
        if let path { parts.append(path) }
        if let node {
            parts.append(opType.map { "node \"\(node)\" (\($0))" } ?? "node \"\(node)\"")
        } else if let opType {
            parts.append(opType)
        }
        parts.append(message)
        return parts.joined(separator: ": ")
    }

    /// The same error, with `path` set when it was not.
    func located(at path: String?) -> ModelError {
        var copy = self
        if copy.path == nil { copy.path = path }
        return copy
    }
}
