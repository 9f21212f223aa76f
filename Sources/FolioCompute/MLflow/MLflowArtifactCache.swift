import Foundation

/// Run artifacts downloaded from an MLflow tracking server, kept under
/// `<folder>/<run id>/<artifact path>` (folio uses `.folio/cache/mlflow/`).
///
/// A file is downloaded again only when the size the server reports for it differs from
/// the cached copy's (run artifacts do not change once logged; the run id and the size are
/// the key). Every download is checked against that size and written atomically, so a
/// cut download never passes for a cached file.
public struct MLflowArtifactCache: Sendable {
    /// The cache folder.
    public let folder: URL

    /// A cache rooted at `folder`.
    public init(folder: URL) {
        self.folder = folder
    }

    /// The local copy of the artifact folder `path` (e.g. `model`) of `run`, every file
    /// under it downloaded (recursively) unless already cached.
    ///
    /// - Returns: the local folder and how many files were downloaded.
    /// - Throws: `notFound` when the run has no such folder or it is empty; `malformed` for
    ///   an artifact path that would leave the cache; the client's errors.
    public func folder(_ path: String, of run: MLflowRun, from client: MLflowRESTClient) throws(DataError) -> (url: URL, downloaded: Int) {
        guard Self.isSafe(Substring(run.runId)) else {
            throw DataError(.malformed, "'\(run.runId)' is not an MLflow run id")
        }
        var downloaded = 0
        var files = 0
        var pending = [path]
        var visited: Set<String> = [path]
        while let current = pending.popLast() {
            for entry in try client.artifacts(runId: run.runId, path: current) {
                guard entry.path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy(Self.isSafe) else {
                    throw DataError(.malformed, "the MLflow tracking server at \(client.shown) lists the artifact path '\(entry.path)', which folio will not write")
                }
                // Every entry lies under the folder listed, and a folder is listed once: a
                // listing that names its own folder, a cycle or a path elsewhere would
                // otherwise be walked forever or written outside `path`.
                guard entry.path.hasPrefix(current + "/") else {
                    throw DataError(.malformed, "the MLflow tracking server at \(client.shown) lists '\(entry.path)' under '\(current)', which is not inside it")
                }
                if entry.isFolder {
                    if visited.insert(entry.path).inserted { pending.append(entry.path) }
                    continue
                }
                files += 1
                if try fetch(entry, of: run, from: client) { downloaded += 1 }
            }
        }
        guard files > 0 else {
            throw DataError(.notFound, "run \(run.runId) has no artifacts under '\(path)' on the MLflow tracking server at \(client.shown)")
        }
        return (local(path, runId: run.runId), downloaded)
    }

    /// Where artifact `path` of run `runId` is kept.
    public func local(_ path: String, runId: String) -> URL {
        folder.appendingPathComponent(runId).appendingPathComponent(path)
    }

    /// Downloads `entry` unless a copy of the reported size is cached; `true` when it did.
    private func fetch(_ entry: MLflowRESTClient.ArtifactFile, of run: MLflowRun, from client: MLflowRESTClient) throws(DataError) -> Bool {
        let target = local(entry.path, runId: run.runId)
        if let size = entry.size, let cached = try? target.resourceValues(forKeys: [.fileSizeKey, .isRegularFileKey]),
           cached.isRegularFile == true, cached.fileSize.map(Int64.init) == size {
            return false
        }
        let data = try client.artifactData(run: run, path: entry.path)
        if let size = entry.size, Int64(data.count) != size {
            throw DataError(.io, "the download of \(entry.path) of run \(run.runId) from \(client.shown) has \(data.count) bytes; the server lists \(size)")
        }
        do {
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: target, options: .atomic)
        } catch {
            throw DataError(.io, "cannot write the downloaded artifact: \(error.localizedDescription)", path: target.path)
        }
        return true
    }

    /// A path component folio writes: not empty, not `.` or `..`, no separator.
    private static func isSafe(_ component: Substring) -> Bool {
        !component.isEmpty && component != "." && component != ".." && !component.contains("/") && !component.contains("\\")
            && !component.contains("\0")
    }
}
