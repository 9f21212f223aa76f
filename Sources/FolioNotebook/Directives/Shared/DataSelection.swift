import FolioCompute
import Foundation

/// The `data` and `where` parameters shared by every directive that reads a CSV: the
/// file (relative to the notebook's data folder), or a `postgresql://` URL
/// (`PostgresURL`), loaded once per render, and the rows a `where:` filter keeps.
public struct DataSelection: Sendable {
    /// The file, or the PostgreSQL URL as a `URL`.
    public let url: URL
    /// Where the path was given.
    public let location: SourceLocation
    public let filter: RowFilterParameter?
    /// The PostgreSQL source, when `data` is a `postgresql://` URL.
    public let postgres: PostgresURL?
    /// The columns the directive reads (`reading(_:)`), the `where` columns among them; `nil`
    /// for every column. Only a PostgreSQL source fetches fewer; files are read whole.
    public private(set) var columnsRead: [ColumnRead]?

    /// Decodes `key` (default `data`) and `where`.
    public init(parameters: ParameterReader, context: DirectiveContext, key: String = "data",
                default defaultPath: String? = nil) throws(DirectiveError) {
        location = parameters.location(of: key)
        guard let path = try parameters.string(key) ?? defaultPath else {
            throw DirectiveError("missing required parameter '\(key)': the CSV file to read, relative to the data folder", at: parameters.location)
        }
        if PostgresURL.isPostgres(path) {
            do throws(PostgresError) {
                let source = try PostgresURL(path)
                postgres = source
                url = source.url
            } catch {
                throw DirectiveError("'\(key)': \(error.message)", at: location)
            }
        } else {
            postgres = nil
            url = try context.resolveDataPath(path, at: location)
        }
        filter = try RowFilterParameter(parameters: parameters, key: "where")
    }

    public var input: DataInput { DataInput(url: url, location: location) }

    /// This selection, declaring that the directive reads only `columns` (from its
    /// parameters, before any data is read; `nil` for every column). The `where` columns are
    /// added. Declare every column the directive reads, or none: a column left out is
    /// missing from the frame a PostgreSQL source gives.
    public func reading(_ columns: [ColumnRead]?) -> DataSelection {
        var copy = self
        copy.columnsRead = columns.map { $0 + (filter?.columns ?? []).map { ColumnRead($0.name) } }
        return copy
    }

    /// The whole file, shared with other blocks of the render.
    public func loadAll(context: DirectiveContext) throws(DirectiveError) -> DataFrame {
        if postgres != nil { return try loadFromDatabase(context: context, pushingDown: false) }
        let display = context.displayPath(url)
        let location = self.location
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw DirectiveError("file not found: \(display)", at: location)
        }
        return try context.load(url, as: "csv") { () throws -> DataFrame in
            do throws(DataError) {
                // A file an earlier render parsed: its columns from `.folio/cache/columns/`.
                return try context.services.parsed(url, kind: "csv", toFrame: { $0 }, fromArchive: { $0.frame() }) { () throws(DataError) in
                    try CSVReader().read(url: url)
                }
            } catch {
                var error = error
                error.path = display
                throw DirectiveError(error.description, at: location)
            }
        }
    }

    /// The rows the `where` filter keeps (all rows without a filter), with the columns of
    /// `models`' checkpoints and renamed columns (scored over the whole file, so that a
    /// window reaches back before the selected rows) and without the rows a checkpoint
    /// could not score; `note` says how many rows each checkpoint scored.
    public func load(context: DirectiveContext, models: ModelColumns, requireRows: Bool = true) throws(DirectiveError) -> (frame: DataFrame, note: String?) {
        try load(context: context, sources: models.sources, requireRows: requireRows)
    }

    /// As `load(context:models:requireRows:)`, for the sources of a `model` mapping.
    public func load(context: DirectiveContext, sources models: ModelSources, requireRows: Bool = true) throws(DirectiveError) -> (frame: DataFrame, note: String?) {
        // Checkpoints score windows reaching back before the selected rows, from the
        // model's features: every row and column of the table.
        let source = models.checkpoints.isEmpty ? self : reading(nil)
        var selected: DataFrame?
        if models.checkpoints.isEmpty, let pushed = try pushedDown(context: context) {
            selected = try? select(try models.addingModelColumns(to: pushed, dataURL: url, context: context), context: context, requireRows: false)
            if selected?.rowCount == 0 { selected = nil }
        }
        if selected == nil {
            let all = try models.addingModelColumns(to: try source.loadAll(context: context), dataURL: url, context: context)
            selected = try select(all, context: context, requireRows: requireRows)
        }
        guard let selected else { throw DirectiveError("internal error: no rows selected", at: location) }
        let (frame, note) = models.droppingUnscoredRows(selected, display: context.displayPath(url))
        if requireRows, frame.rowCount == 0 {
            throw DirectiveError("no row of \(context.displayPath(url)) has a score from every checkpoint", at: location)
        }
        return (frame, note)
    }

    /// The rows the `where` filter keeps (all rows without a filter).
    /// - Parameter requireRows: throw when no row is left (an empty split).
    public func load(context: DirectiveContext, requireRows: Bool = true) throws(DirectiveError) -> DataFrame {
        if let pushed = try pushedDown(context: context),
           let selected = try? select(pushed, context: context, requireRows: false), selected.rowCount > 0 {
            return selected
        }
        return try select(try loadAll(context: context), context: context, requireRows: requireRows)
    }

    /// The database rows the `where` conditions SQL can test keep, or `nil` for a file or
    /// without a filter. When the whole filter then keeps no row (or fails), callers select
    /// from the whole table instead, so that the error and its notes ("did you mean", the
    /// column's values) are those of a file.
    func pushedDown(context: DirectiveContext) throws(DirectiveError) -> DataFrame? {
        guard postgres != nil, filter != nil else { return nil }
        return try loadFromDatabase(context: context, pushingDown: true)
    }

    /// The rows of the PostgreSQL source, shared with other blocks of the render that ask
    /// for the same rows and columns: all rows, or with `pushingDown`, those the `where`
    /// conditions that SQL tests exactly keep (`PostgresPushdown`); `select` then applies
    /// the whole filter, as to a file. Only the `columnsRead` when declared, unless one of
    /// them is missing or not of the kind declared: then every column, so that the
    /// directive's error is the one a file gives.
    func loadFromDatabase(context: DirectiveContext, pushingDown: Bool) throws(DirectiveError) -> DataFrame {
        guard postgres != nil else { return try loadAll(context: context) }
        let conditions = pushingDown ? (filter?.columns.flatMap(\.conditions) ?? []) : []
        if let columnsRead, let frame = try fetch(conditions: conditions, columns: columnsRead, context: context) {
            return frame
        }
        guard let frame = try fetch(conditions: conditions, columns: nil, context: context) else {
            throw DirectiveError("internal error: no rows fetched", at: location)
        }
        return frame
    }

    /// One fetch, shared by the render's blocks asking for it: `nil` when `columns` names a
    /// column the source lacks or holds another kind.
    private func fetch(conditions: [RowFilter.Condition], columns: [ColumnRead]?, context: DirectiveContext) throws(DirectiveError) -> DataFrame? {
        guard let postgres else { return nil }
        let display = context.displayPath(url)
        let location = self.location
        let names = columns.map { Set($0.map(\.name)) }
        var kind = "postgres\u{0}" + conditions.map(\.description).joined(separator: "\u{0}")
        if let names { kind += "\u{0}columns\u{0}" + names.sorted().joined(separator: "\u{0}") }
        return try context.load(url, as: kind) { () throws -> DataFrame? in
            let frame: DataFrame
            do {
                frame = try PostgresSource(url: postgres).load(columns: names, conditions: conditions, display: display)
            } catch let error as PostgresError {
                throw DirectiveError("\(display): \(error.message)", at: location)
            } catch let error as DataError {
                if names != nil, error.kind == .notFound { return nil }
                throw DirectiveError(error.description, at: location)
            }
            for column in columns ?? [] {
                if let kind = column.kind, frame.kind(of: column.name) != kind { return nil }
            }
            return frame
        }
    }

    /// The rows of `frame` (the whole file) that the `where` filter keeps.
    func select(_ frame: DataFrame, context: DirectiveContext, requireRows: Bool) throws(DirectiveError) -> DataFrame {
        guard let filter else {
            if requireRows, frame.rowCount == 0 {
                throw DirectiveError("\(context.displayPath(url)) has no data rows", at: location)
            }
            return frame
        }
        let (selected, notes) = try filter.apply(to: frame, display: context.displayPath(url))
        if requireRows, selected.rowCount == 0 {
            let detail = notes.isEmpty ? "" : ": " + notes.joined(separator: "; ")
            throw DirectiveError("no rows of \(context.displayPath(url)) match 'where' \(filter.summary) (the split is empty)\(detail)", at: filter.location)
        }
        return selected
    }

    /// Checks that `columns` exist, reading only the header (for `folio check`).
    public func validate(columns: [(name: String, location: SourceLocation)], context: DirectiveContext) throws(DirectiveError) {
        let display = context.displayPath(url)
        if let postgres {
            let header: [String]
            do { header = try PostgresSource(url: postgres).columnNames() } catch {
                throw DirectiveError("\(display): \(error)", at: location)
            }
            try validate(columns: columns, header: header, display: display)
            return
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
            throw DirectiveError("file not found: \(display)", at: location)
        }
        // The same words as when rendering (`FileBytes`, `CSVReader`), not "no column".
        if isFolder.boolValue {
            throw DirectiveError("\(display): is a folder, not a file", at: location)
        }
        let header = DataSelection.header(of: url)
        if header.allSatisfy(\.isEmpty) {
            throw DirectiveError("\(display): the file is empty: a header row is required", at: location)
        }
        try validate(columns: columns, header: header, display: display)
    }

    private func validate(columns: [(name: String, location: SourceLocation)], header: [String], display: String) throws(DirectiveError) {
        for (name, location) in columns where !header.contains(name) {
            throw DirectiveError("no column '\(name)' in \(display)\(Suggestion.hint(for: name, in: header))", at: location)
        }
        for column in filter?.columns ?? [] where !header.contains(column.name) {
            throw DirectiveError("'where': no column '\(column.name)' in \(display)\(Suggestion.hint(for: column.name, in: header))", at: column.location)
        }
    }

    /// The column names of a CSV file's header line (blank lines before it skipped, as
    /// the reader does); empty names only for an empty file.
    static func header(of url: URL) -> [String] {
        guard let handle = FileHandle(forReadingAtPath: url.path) else { return [] }
        defer { try? handle.close() }
        let chunk = (try? handle.read(upToCount: 1 << 16)) ?? Data()
        let firstLine = chunk.split(separator: 0x0A, omittingEmptySubsequences: true)
            .first { $0 != Data([0x0D]) } ?? Data()
        var line = String(decoding: firstLine, as: UTF8.self)
        if line.hasPrefix("\u{FEFF}") { line.removeFirst() }
        if line.hasSuffix("\r") { line.removeLast() }
        return line.split(separator: ",", omittingEmptySubsequences: false).map {
            var name = $0.trimmingCharacters(in: .whitespaces)
            if name.hasPrefix("\""), name.hasSuffix("\""), name.count >= 2 { name = String(name.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"") }
            return name
        }
    }
}

extension DataFrame {
    /// A numeric column, or a located error naming the closest column.
    public func numbers(_ name: String, at location: SourceLocation, display: String) throws(DirectiveError) -> [Double] {
        do { return try numbers(name) } catch {
            throw DirectiveError(message(error, column: name, display: display, names: columnNames), at: location)
        }
    }

    /// A text column (or a numeric one as text), or a located error.
    public func texts(_ name: String, at location: SourceLocation, display: String) throws(DirectiveError) -> TextColumn {
        do { return try texts(name) } catch {
            throw DirectiveError(message(error, column: name, display: display, names: columnNames), at: location)
        }
    }

    /// A timestamp column, or a located error.
    public func timestamps(_ name: String, at location: SourceLocation, display: String) throws(DirectiveError) -> [Int64] {
        do { return try timestamps(name) } catch {
            throw DirectiveError(message(error, column: name, display: display, names: columnNames), at: location)
        }
    }

    func message(_ error: DataError, column: String, display: String, names: [String]) -> String {
        if error.kind == .notFound {
            return "no column '\(column)' in \(display)\(Suggestion.hint(for: column, in: names)); columns: \(names.prefix(30).joined(separator: ", "))\(names.count > 30 ? ", ..." : "")"
        }
        // A column read as text where numbers are needed: name the cell that made it text.
        if error.kind == .typeMismatch, kind(of: column) == .text, let path,
           let cell = try? CSVReader.firstNonNumericCell(inColumn: column, path: path) {
            var shown = cell.value.replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\n", with: "\\n")
            if shown.count > 40 { shown = String(shown.prefix(40)) + "…" }
            return "column '\(column)' of \(display) holds text, not numbers: \"\(shown)\" at \(display):\(cell.line):\(cell.position) (row \(cell.row))"
                + " is not a number (\(cell.count) of \(cell.rows) row\(cell.rows == 1 ? "" : "s"))"
        }
        return "column '\(column)' of \(display): \(error.message)"
    }
}
