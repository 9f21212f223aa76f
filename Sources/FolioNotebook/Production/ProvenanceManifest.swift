import Crypto
import Foundation

/// `PROVENANCE.json`, the manifest the `checkpoints` directive writes beside the artifacts it
/// places in `models/production/<type>_trial<N>_epoch<E>/`: where the checkpoint comes from
/// (run, experiment, store, trial, epoch, the metric that chose the epoch) and the SHA-256 and
/// size of every artifact. `folio checkpoints restore` reads it to find a run's folder and to
/// verify what it copies back from MLflow.
///
/// The bytes depend on the values only: keys sorted, two-space indentation, no timestamp, no
/// folio version, so that every render writes the same file. The store is the project-relative
/// path the notebook resolved (never a URI, so never credentials).
public struct ProvenanceManifest: Sendable, Hashable {
    /// The manifest's file name in a checkpoint folder.
    public static let fileName = "PROVENANCE.json"
    /// The layout version, `format` in the file.
    public static let format = 1

    /// One artifact: its SHA-256 (64 lowercase hex digits) and size in bytes.
    public struct FileEntry: Sendable, Hashable {
        /// SHA-256 of the file's bytes, lowercase hex.
        public var sha256: String
        /// Size in bytes.
        public var size: Int

        /// The entry of `data`.
        public init(of data: Data) {
            sha256 = SHA256.hash(data: data).hex
            size = data.count
        }

        /// An entry with the given hash and size.
        public init(sha256: String, size: Int) {
            self.sha256 = sha256
            self.size = size
        }
    }

    /// The MLflow run id.
    public var runID: String
    /// The run's experiment name.
    public var experiment: String
    /// The MLflow store (file store folder or SQLite file), relative to the project root.
    public var store: String
    /// The model type (the folder's first word).
    public var type: String
    /// The trial number, as the run logged it.
    public var trial: String
    /// The epoch (the step where `metric` is best).
    public var epoch: Int64
    /// The metric that chose the epoch.
    public var metric: String
    /// `maximize` or `minimize`.
    public var goal: String
    /// The metric's value at `epoch`.
    public var metricValue: Double
    /// Artifact file name -> hash and size; names are plain file names (no `/`).
    public var files: [String: FileEntry]

    /// A manifest from its values.
    public init(runID: String, experiment: String, store: String, type: String, trial: String, epoch: Int64,
                metric: String, goal: String, metricValue: Double, files: [String: FileEntry]) {
        self.runID = runID
        self.experiment = experiment
        self.store = store
        self.type = type
        self.trial = trial
        self.epoch = epoch
        self.metric = metric
        self.goal = goal
        self.metricValue = metricValue
        self.files = files
    }

    /// The manifest as a JSON value, every object's keys in sorted order.
    public var json: JSONValue {
        let files = self.files.keys.sorted().map { name -> (String, JSONValue) in
            let entry = self.files[name] ?? FileEntry(sha256: "", size: 0)
            return (name, .object(JSONObject([("sha256", .string(entry.sha256)), ("size", .int(entry.size))])))
        }
        return .object(JSONObject([
            ("epoch", .number(Double(epoch))),
            ("experiment", .string(experiment)),
            ("files", .object(JSONObject(files))),
            ("format", .int(Self.format)),
            ("metric", .object(JSONObject([("goal", .string(goal)), ("name", .string(metric)), ("value", .double(metricValue))]))),
            ("run_id", .string(runID)),
            ("store", .string(store)),
            ("trial", .string(trial)),
            ("type", .string(type)),
        ]))
    }

    /// The file's bytes: `json` pretty-printed with a final newline. Equal manifests give
    /// equal bytes.
    public var serialized: Data { Data(json.serialized().utf8) }

    /// Reads a manifest's text.
    ///
    /// - Parameter path: the file, for messages.
    /// - Throws: `CheckpointRestoreError` naming `path` and the key that is missing or of the
    ///   wrong type, or a file name that is not a plain name.
    public init(parsing text: String, path: String) throws(CheckpointRestoreError) {
        let value: JSONValue
        do { value = try JSONValue(parsing: text) } catch {
            throw CheckpointRestoreError("\(path): not a provenance manifest (\(error))")
        }
        func string(_ key: String, in object: JSONValue = value) throws(CheckpointRestoreError) -> String {
            guard let text = object.value(at: [key])?.stringValue else {
                throw CheckpointRestoreError("\(path): '\(key)' is missing or not text")
            }
            return text
        }
        func number(_ key: String, in object: JSONValue = value) throws(CheckpointRestoreError) -> Double {
            guard case .number(let x)? = object.value(at: [key]) else {
                throw CheckpointRestoreError("\(path): '\(key)' is missing or not a number")
            }
            return x
        }
        guard case .object(let root) = value else {
            throw CheckpointRestoreError("\(path): not a provenance manifest (expected a JSON object)")
        }
        let format = try number("format")
        guard format == Double(Self.format) else {
            throw CheckpointRestoreError("\(path): manifest format \(JSONValue.format(format)) is not one this folio reads (\(Self.format))")
        }
        guard let metricValue = root["metric"], case .object = metricValue else {
            throw CheckpointRestoreError("\(path): 'metric' is missing or not an object")
        }
        guard case .object(let fileObject)? = root["files"], !fileObject.isEmpty else {
            throw CheckpointRestoreError("\(path): 'files' is missing or empty")
        }
        var files: [String: FileEntry] = [:]
        for (name, entry) in fileObject.pairs {
            guard ProvenanceManifest.isPlainFileName(name) else {
                throw CheckpointRestoreError("\(path): '\(name)' is not a plain file name; a manifest lists the files of its own folder only")
            }
            let sha = try string("sha256", in: entry)
            guard sha.count == 64, sha.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
                throw CheckpointRestoreError("\(path): the sha256 of '\(name)' is not 64 lowercase hex digits")
            }
            let size = try number("size", in: entry)
            guard size >= 0, size == size.rounded(), size < 1e15 else {
                throw CheckpointRestoreError("\(path): the size of '\(name)' is not a byte count")
            }
            files[name] = FileEntry(sha256: sha, size: Int(size))
        }
        let epoch = try number("epoch")
        guard epoch == epoch.rounded(), abs(epoch) < 1e15 else { throw CheckpointRestoreError("\(path): 'epoch' is not a whole number") }
        self.init(runID: try string("run_id"), experiment: try string("experiment"), store: try string("store"),
                  type: try string("type"), trial: try string("trial"), epoch: Int64(epoch),
                  metric: try string("name", in: metricValue), goal: try string("goal", in: metricValue),
                  metricValue: metricValue.value(at: ["value"]) == .null ? .nan : try number("value", in: metricValue), files: files)
    }

    /// Whether `name` names a file directly inside a folder: not empty, no `/`, not `.` or
    /// `..`, not the manifest itself, no control character.
    public static func isPlainFileName(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && name != fileName && !name.contains("/")
            && !name.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7f }
    }
}
