import FolioCompute
import Foundation

/// Parsed CSV files kept between renders under `.folio/cache/columns/`, one archive per file
/// (`DataFrameArchive`), labelled with the file's content hash and folio's build: after an
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

    /// The frame of the CSV file at `url`, from its archive when the archive is labelled
    /// `key`, otherwise from `parse` (and then archived, in the background).
    func frame<E: Error>(for url: URL, key: String, parse: () throws(E) -> DataFrame) throws(E) -> DataFrame {
        let archive = folder.appendingPathComponent(sha256Hex(url.standardizedFileURL.path) + ".columns")
        if let data = try? Data(contentsOf: archive, options: .alwaysMapped),
           let frame = DataFrameArchive.decode(data, key: key) {
            return frame
        }
        let frame = try parse()
        DispatchQueue.global().async(group: writes) {
            _ = try? AtomicFile.write(DataFrameArchive.encode(frame, key: key), to: archive)
        }
        return frame
    }

    /// Waits for the archives still being written (the end of a render).
    func finish() {
        writes.wait()
    }
}
