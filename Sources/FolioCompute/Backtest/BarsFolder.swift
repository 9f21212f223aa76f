import Foundation

/// A folder of bar files, one `<SYMBOL>.csv` per symbol with the columns
/// `timestamp,open,high,low,close` (others, such as `volume`, are ignored): the data
/// contract's `bars/` folder, loaded into `PriceSeries`.
///
/// Files are read with `CSVReader` on every core (one file per task), and the series are
/// returned in ascending symbol order whatever the scheduling.
public enum BarsFolder {
    /// The columns read from each file.
    public static let columns = ["timestamp", "open", "high", "low", "close"]

    /// The symbols of a folder: the names of its `.csv` files without the extension, in
    /// ascending order.
    ///
    /// - Parameter display: the folder's name in messages (e.g. a project-relative path).
    /// - Throws: `BarsFolderError.folderNotFound`, `.noFiles`.
    public static func symbols(in folder: URL, display: String? = nil) throws(BarsFolderError) -> [String] {
        let name = display ?? folder.path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw .folderNotFound(name)
        }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let symbols = entries.filter { $0.hasSuffix(".csv") && $0.count > 4 }.map { String($0.dropLast(4)) }.sorted()
        guard !symbols.isEmpty else { throw .noFiles(name) }
        return symbols
    }

    /// Loads the bars of `symbols` (every file of the folder when `nil`).
    ///
    /// - Parameters:
    ///   - folder: the folder.
    ///   - symbols: the symbols to load, or `nil` for all.
    ///   - display: the folder's name in messages.
    ///   - parallelism: the number of threads, or `nil` for one per active processor.
    /// - Returns: one series per symbol, in ascending symbol order.
    /// - Throws: `BarsFolderError` for a missing folder or symbol, a malformed file
    ///   (`DataError` with the file and line), or invalid bars (a price that is not
    ///   positive and finite, timestamps that do not increase).
    /// - Complexity: O(total file size), spread over the threads.
    public static func load(_ folder: URL, symbols: [String]? = nil, display: String? = nil,
                            parallelism: Int? = nil) throws(BarsFolderError) -> [PriceSeries] {
        let name = display ?? folder.path
        let available = try self.symbols(in: folder, display: name)
        var wanted = available
        if let symbols {
            let known = Set(available)
            for symbol in symbols where !known.contains(symbol) {
                throw .missingSymbol(symbol, folder: name, suggestion: NameSuggestion.closest(to: symbol, among: available))
            }
            wanted = Array(Set(symbols)).sorted()
        }
        let slots = Slots(count: wanted.count)
        let threads = parallelism ?? ProcessInfo.processInfo.activeProcessorCount
        let reader = CSVReader(options: CSVReader.Options(
            columns: Set(columns), columnTypes: ["timestamp": .timestamp], parallelism: 1))
        ParallelLoop.run(iterations: wanted.count, threads: threads) { k in
            let file = "\(name)/\(wanted[k]).csv"
            slots.buffer[k] = Result { () throws(BarsFolderError) -> PriceSeries in
                try series(symbol: wanted[k], url: folder.appendingPathComponent("\(wanted[k]).csv"),
                           file: file, reader: reader)
            }
        }
        var out: [PriceSeries] = []
        out.reserveCapacity(wanted.count)
        for k in 0..<wanted.count {
            switch slots.buffer[k]! {
            case .success(let series): out.append(series)
            case .failure(let error): throw error
            }
        }
        return out
    }

    /// One file's series.
    static func series(symbol: String, url: URL, file: String, reader: CSVReader) throws(BarsFolderError) -> PriceSeries {
        let frame: DataFrame
        do throws(DataError) {
            frame = try reader.read(url: url)
        } catch {
            var error = error
            error.path = file
            throw .data(error)
        }
        do {
            let timestamps = try frame.timestamps("timestamp")
            if let row = timestamps.firstIndex(of: Column.missingTime) {
                throw BarsFolderError.invalidBar(file: file, line: row + 2, reason: "empty timestamp")
            }
            let open = try frame.numbers("open"), high = try frame.numbers("high")
            let low = try frame.numbers("low"), close = try frame.numbers("close")
            do {
                return try PriceSeries(symbol: symbol, timestamps: timestamps, open: open, high: high, low: low, close: close)
            } catch {
                switch error {
                case let .invalidPrice(_, index, field):
                    throw BarsFolderError.invalidBar(file: file, line: index + 2, reason: "\(field) is not a positive finite number")
                case let .timestampsNotIncreasing(_, index):
                    throw BarsFolderError.invalidBar(file: file, line: index + 2, reason: "timestamp is not after the previous bar's (bars must be in time order, without duplicates)")
                case .emptySeries:
                    throw BarsFolderError.invalidBar(file: file, line: 1, reason: "no bars")
                default:
                    throw BarsFolderError.invalidBar(file: file, line: 1, reason: error.description)
                }
            }
        } catch let error as BarsFolderError {
            throw error
        } catch let error as DataError {
            var error = error
            error.path = file
            throw .data(error)
        } catch {
            throw .invalidBar(file: file, line: 1, reason: "\(error)")
        }
    }

    /// Result slots written by one task each, read after all have finished.
    private final class Slots: @unchecked Sendable {
        let buffer: UnsafeMutableBufferPointer<Result<PriceSeries, BarsFolderError>?>
        init(count: Int) {
            buffer = .allocate(capacity: max(count, 1))
            buffer.initialize(repeating: nil)
        }
        deinit {
            buffer.deinitialize()
            buffer.deallocate()
        }
    }
}

/// Errors of `BarsFolder`.
public enum BarsFolderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The folder does not exist (or is a file).
    case folderNotFound(String)
    /// The folder holds no `.csv` file.
    case noFiles(String)
    /// A requested symbol has no file; `suggestion` is a close existing symbol.
    case missingSymbol(String, folder: String, suggestion: String?)
    /// A file could not be read or parsed, or lacks a column.
    case data(DataError)
    /// A bar is invalid; `line` is the file's 1-based line (the header is line 1).
    case invalidBar(file: String, line: Int, reason: String)

    /// A message for the user, naming the file and line.
    public var description: String {
        switch self {
        case let .folderNotFound(folder):
            return "bars folder not found: \(folder)"
        case let .noFiles(folder):
            return "no bar files (<SYMBOL>.csv) in \(folder)"
        case let .missingSymbol(symbol, folder, suggestion):
            return "no bars for symbol '\(symbol)' in \(folder)\(suggestion.map { " (did you mean '\($0)'?)" } ?? "")"
        case let .data(error):
            return error.description
        case let .invalidBar(file, line, reason):
            return "\(file):\(line): \(reason)"
        }
    }
}
