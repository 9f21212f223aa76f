import FolioCompute
import Foundation

/// Parsed CSV files (and bars folders) kept between renders under `.folio/cache/columns/`,
/// one archive per file or folder (`DataFrameArchive`), labelled with the file's content hash and folio's build: after an
/// edit, a block reading a file parsed by an earlier render copies its columns instead of
/// parsing it again (issue 17: an edited block should cost its own compute). A file that
/// changed, a rebuilt folio or a damaged archive reads as absent, and the file is parsed and
/// the archive replaced, so each data file has at most one archive. `--no-cache` renders
/// neither read nor write it.
final class ColumnCache: Sendable {
    let folder: URL
    /// Archives being written, on other threads while the render goes on; `finish()` waits.
    private let writes = DispatchGroup()

    init(folder: URL) { self.folder = folder }

    /// A value read from the file or folder at `url` and kept as a frame: from its archive
    /// when labelled `key` and `fromArchive` accepts its columns, otherwise from `parse`.
    func value<T: Sendable, E: Error>(for url: URL, key: String, toFrame: @escaping @Sendable (T) -> DataFrame,
                                      fromArchive: (DataFrameArchive.Columns) -> T?, parse: () throws(E) -> T) throws(E) -> T {
        if let value = archived(for: url, key: key, fromArchive: fromArchive) { return value }
        let archive = archiveURL(for: url)
        let value = try parse()
        DispatchQueue.global().async(group: writes) {
            _ = try? AtomicFile.write(DataFrameArchive.encode(toFrame(value), key: key), to: archive)
        }
        return value
    }

    /// What `fromArchive` reads from the archive of the file or folder at `url` when it is
    /// labelled `key`; `nil` when there is none, it is labelled otherwise, or `fromArchive`
    /// gives `nil`. Nothing is parsed or written.
    func archived<T>(for url: URL, key: String, fromArchive: (DataFrameArchive.Columns) -> T?) -> T? {
        guard let data = try? Data(contentsOf: archiveURL(for: url), options: .alwaysMapped) else { return nil }
        return DataFrameArchive.withColumns(data, key: key, fromArchive)
    }

    private func archiveURL(for url: URL) -> URL {
        folder.appendingPathComponent(sha256Hex(url.standardizedFileURL.path) + ".columns")
    }

    /// Waits for the archives still being written (the end of a render).
    func finish() {
        writes.wait()
    }
}

extension RenderServices {
    /// What `parse` reads from the file or folder at `url` (`kind`: what it is, part of the
    /// archive's label): from `.folio/cache/columns/` when this render keeps parsed columns
    /// and the archive is labelled with the input's current hash and this build, else parsed
    /// (and archived).
    func parsed<T: Sendable, E: Error>(_ url: URL, kind: String, toFrame: @escaping @Sendable (T) -> DataFrame,
                                       fromArchive: (DataFrameArchive.Columns) -> T?, parse: () throws(E) -> T) throws(E) -> T {
        guard let columnCache, let hash = try? hasher.hash(of: url) else { return try parse() }
        return try columnCache.value(for: url, key: "\(kind) \(hash) \(buildID)", toFrame: toFrame, fromArchive: fromArchive, parse: parse)
    }

    /// What `fromArchive` reads from the archive `parsed` keeps for the file or folder at
    /// `url`, when this render keeps parsed columns and that archive is current; `nil`
    /// otherwise (nothing is parsed).
    func archived<T>(_ url: URL, kind: String, fromArchive: (DataFrameArchive.Columns) -> T?) -> T? {
        guard let columnCache, let hash = try? hasher.hash(of: url) else { return nil }
        return columnCache.archived(for: url, key: "\(kind) \(hash) \(buildID)", fromArchive: fromArchive)
    }
}
