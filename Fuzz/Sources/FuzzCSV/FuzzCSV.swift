// libFuzzer harness: CSV bytes through `CSVReader`, once as one chunk on one thread and
// once cut into tiny chunks parsed on several threads. Both must agree: the same error
// kind or the same frame (names, kinds, every cell). A disagreement traps, so that
// libFuzzer saves the input.
@testable import FolioCompute

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let serial = outcome(bytes, CSVReader(options: .init(parallelism: 1)))
    var chunkedOptions = CSVReader.Options(parallelism: 3)
    chunkedOptions.chunkBytes = 7
    let chunked = outcome(bytes, CSVReader(options: chunkedOptions))
    if serial != chunked {
        fatalError("serial and chunked reads differ:\n\(serial)\n---\n\(chunked)")
    }
    return 0
}

/// A comparable summary of a read: the error's kind, line and column, or every cell.
private func outcome(_ bytes: [UInt8], _ reader: CSVReader) -> String {
    let frame: DataFrame
    do {
        frame = try reader.read(bytes: bytes, path: "fuzz.csv")
    } catch {
        _ = error.description
        return "error \(error.kind) line \(error.line.map(String.init) ?? "-")"
    }
    var out = "rows \(frame.rowCount)\n"
    for (name, column) in zip(frame.columnNames, frame.columns) {
        precondition(column.count == frame.rowCount, "column \(name) has \(column.count) rows, not \(frame.rowCount)")
        switch column {
        case .number(let values): out += "\(name) number \(values.map { $0.isNaN ? "nan" : "\($0.bitPattern)" })\n"
        case .text(let text): out += "\(name) text \(text.values)\n"
        case .timestamp(let values): out += "\(name) timestamp \(values)\n"
        }
    }
    return out
}
