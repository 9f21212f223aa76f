import ArgumentParser
import FolioCompute
import FolioNotebook
import Foundation

/// `folio load-postgres FILE.csv URL`: writes a CSV file into a PostgreSQL table, reads it
/// back as `data:` does (whole, and with a `where` pushed down), computes the table's
/// version, prints each step's time and rows/s, and checks that the columns read back are
/// the file's, bit for bit. Used for docs/scaling.md; hidden from the help.
struct LoadPostgres: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load-postgres",
        abstract: "Time COPY into and out of PostgreSQL for a CSV file and check the columns read back.",
        shouldDisplay: false
    )

    @Argument(help: "A CSV file.")
    var file: String

    @Argument(help: "postgresql://[user@][host][:port]/database (no password).")
    var url: String

    @Option(help: "The table to (re)create.")
    var table: String = "folio_load"

    @Option(help: "A `where` test pushed down, column=value (text).")
    var filter: String = "split=test"

    @Option(help: "Columns to fetch also as a subset (projection), comma-separated.")
    var columns: String?

    func run() throws {
        func time<T>(_ label: String, rows: (T) -> Int, _ body: () throws -> T) rethrows -> T {
            let start = ContinuousClock.now
            let value = try body()
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            let n = rows(value)
            print("\(label)\trows=\(n)\tseconds=\(String(format: "%.3f", seconds))\trows/s=\(Int(Double(n) / max(seconds, 1e-9)))")
            return value
        }
        do {
            let frame = try time("read csv", rows: { $0.rowCount }) { try CSVReader().read(path: file) }
            let writer = try PostgresTableWriter(url: url)
            _ = try time("copy in", rows: { _ in frame.rowCount }) { try writer.replace(table: table, with: frame) }
            let separator = url.contains("?") ? "&" : "?"
            let source = PostgresSource(url: try PostgresURL(url + separator + "table=" + table))
            let back = try time("copy out", rows: { $0.rowCount }) { try source.load(display: table) }
            _ = try time("version", rows: { _ in frame.rowCount }) { try source.version() }
            let parts = filter.split(separator: "=", maxSplits: 1).map(String.init)
            let condition = RowFilter.Condition(parts[0], equals: .text(parts.count > 1 ? parts[1] : ""))
            let pushed = try time("copy out where \(filter)", rows: { $0.rowCount }) { try source.load(conditions: [condition], display: table) }
            let expected = try RowFilter([condition]).apply(to: frame).frame
            let actual = try RowFilter([condition]).apply(to: pushed).frame
            print("identical whole: \(Self.same(frame, back))\tidentical where: \(Self.same(expected, actual))")
            if let columns {
                let names = columns.split(separator: ",").map(String.init)
                let subset = try time("copy out \(names.count) columns", rows: { $0.rowCount }) {
                    try source.load(columns: Set(names), display: table)
                }
                let fileSubset = try CSVReader(columns: Set(names)).read(path: file)
                print("identical columns: \(Self.same(fileSubset, subset))")
            }
        } catch let error as PostgresError {
            throw ValidationError(error.message)
        } catch let error as DataError {
            throw ValidationError(error.description)
        }
    }

    static func same(_ a: DataFrame, _ b: DataFrame) -> Bool {
        guard a.columnNames == b.columnNames, a.rowCount == b.rowCount else { return false }
        for (x, y) in zip(a.columns, b.columns) {
            switch (x, y) {
            case (.number(let p), .number(let q)): if p.map(\.bitPattern) != q.map(\.bitPattern) { return false }
            case (.timestamp(let p), .timestamp(let q)): if p != q { return false }
            case (.text(let p), .text(let q)): if p != q { return false }
            default: return false
            }
        }
        return true
    }
}
