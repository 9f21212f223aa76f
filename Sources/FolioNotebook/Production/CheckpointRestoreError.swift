/// Why `CheckpointRestore` (or reading a `ProvenanceManifest`) refused: one sentence that
/// names the file concerned, project-relative, and, for a hash mismatch, both hashes.
public struct CheckpointRestoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The message, e.g. `data/demo/mlruns/1/<run>/artifacts/model/model.onnx: sha256 0a1b... differs from
    /// the manifest's 9f8e...`.
    public var message: String

    /// An error with `message`.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
