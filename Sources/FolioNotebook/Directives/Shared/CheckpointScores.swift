import FolioCompute
import FolioModels
import Foundation

/// A checkpoint's scores for every row of a data file: computed once per render (shared by
/// every block that scores the same file with the same model) and kept in
/// `.folio/cache/scores/` under the content hashes of the model, its scaler and the data,
/// so that a block whose other parameters change does not score again.
struct CheckpointScores: Sendable {
    /// One score per row of the whole file (in file order); NaN where the row has none.
    var values: [Double]
    /// Rows without a score because a feature of their input is missing (NaN).
    var missingFeatures: Int
    /// Rows without a score because their group has fewer rows of history than the window.
    var shortHistory: Int

    /// The scores of `checkpoint` for the rows of `frame`, the whole file at `dataURL`.
    static func load(_ checkpoint: Checkpoint, frame: DataFrame, dataURL: URL, context: DirectiveContext) throws(DirectiveError) -> CheckpointScores {
        let location = checkpoint.location
        let display = context.displayPath(checkpoint.modelURL)
        return try context.load(checkpoint.modelURL, as: "scores\u{0}\(dataURL.isFileURL ? dataURL.path : dataURL.absoluteString)") { () throws -> CheckpointScores in
            let hasher = context.services.hasher
            var key = "folio \(Folio.version) \(context.services.buildID) scores\n"
            for input in checkpoint.inputs + [DataInput(url: dataURL, location: location)] {
                key += "\(input.url.lastPathComponent) \(try hasher.hash(of: input.url))\n"
            }
            // Not kept when `.folio/cache/scores` is, or goes through, a link (`ProjectPaths.cacheRefusal`).
            let folder = context.projectRoot.appendingPathComponent(".folio/cache/scores")
            let cacheURL = context.services.paths.cacheRefusal(folder) == nil ? folder.appendingPathComponent("\(sha256Hex(key)).bin") : nil
            if let cacheURL, let cached = CheckpointScores(contentsOf: cacheURL, rows: frame.rowCount) { return cached }
            let scores: Scores
            do throws(ModelError) {
                let model = try ONNXModel(contentsOf: checkpoint.modelURL.path)
                // Reports are byte-identical on every machine: products in one fixed order.
                var options = ScoringOptions()
                options.arithmetic = .portable
                scores = try ModelScorer(model: model, options: options).score(frame)
            } catch {
                throw DirectiveError("checkpoint '\(checkpoint.name)' (\(display)): \(error.description)", at: location)
            }
            var values = [Double](repeating: .nan, count: frame.rowCount)
            for (row, value) in zip(scores.rows, scores.values) { values[row] = Double(value) }
            let result = CheckpointScores(values: values, missingFeatures: scores.missingFeatures, shortHistory: scores.shortHistory)
            if let cacheURL { try? AtomicFile.write(result.serialized(), to: cacheURL) }
            return result
        }
    }

    init(values: [Double], missingFeatures: Int, shortHistory: Int) {
        self.values = values
        self.missingFeatures = missingFeatures
        self.shortHistory = shortHistory
    }

    /// The cache file: the two counts, then one little-endian Float64 per row.
    func serialized() -> Data {
        var data = Data(capacity: (values.count + 2) * 8)
        for count in [missingFeatures, shortHistory] { withUnsafeBytes(of: Int64(count).littleEndian) { data.append(contentsOf: $0) } }
        for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    /// Reads a cache file written for a frame of `rows` rows; `nil` when absent or of another size.
    init?(contentsOf url: URL, rows: Int) {
        guard let data = FileManager.default.contents(atPath: url.path), data.count == (rows + 2) * 8 else { return nil }
        let words = data.withUnsafeBytes { raw in (0..<(rows + 2)).map { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self)) } }
        missingFeatures = Int(Int64(bitPattern: words[0]))
        shortHistory = Int(Int64(bitPattern: words[1]))
        values = words.dropFirst(2).map { Double(bitPattern: $0) }
    }
}
