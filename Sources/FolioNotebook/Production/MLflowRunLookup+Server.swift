import FolioCompute
import Foundation

extension MLflowRunLookup {
    /// Finds run `id` on a tracking server: the run with its metric histories (`runs/get`),
    /// its experiment's name (`experiments/get`), and its `model/` artifacts downloaded into
    /// `cache` (unless already there with the sizes the server lists).
    ///
    /// - Throws: `DataError`: `notFound` when the server has no such run or the run no
    ///   `model/` artifacts; the client's errors otherwise.
    init(runID id: String, client: MLflowRESTClient, cache: MLflowArtifactCache) throws(DataError) {
        guard !id.isEmpty, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw DataError(.notFound, "'\(id)' is not an MLflow run id")
        }
        guard let run = try client.run(id: id) else {
            throw DataError(.notFound, "no run '\(id)' on the MLflow tracking server at \(client.shown)")
        }
        self.run = run
        experiment = try client.experiment(id: run.experimentId).name
        modelFolder = try cache.folder("model", of: run, from: client).url.standardizedFileURL
    }
}
