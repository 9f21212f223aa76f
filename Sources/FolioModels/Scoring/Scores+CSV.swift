import FolioCompute
import Foundation

extension Scores {
    /// The scores as CSV: a header `group,time,score` (the column names as given), then one
    /// line per scored row in group then time order. Times of timestamp columns are written
    /// as `2024-03-01T14:00:00Z`; scores in their shortest round-trip form.
    ///
    /// - Parameters:
    ///   - frame: the frame that was scored.
    ///   - groupColumn: the group column's name.
    ///   - timeColumn: the time column's name.
    /// - Throws: `ModelError.Kind.invalidInput` when a column is missing.
    public func csv(frame: DataFrame, groupColumn: String, timeColumn: String) throws(ModelError) -> String {
        let groupCells: (Int) -> String
        let timeCells: (Int) -> String
        do {
            groupCells = Self.cells(try frame.requireColumn(groupColumn))
            timeCells = Self.cells(try frame.requireColumn(timeColumn))
        } catch {
            throw ModelError(.invalidInput, error.description)
        }
        var text = "\(Self.quoted(groupColumn)),\(Self.quoted(timeColumn)),score\n"
        text.reserveCapacity(rows.count * 48)
        for (k, row) in rows.enumerated() {
            text += groupCells(row)
            text += ","
            text += timeCells(row)
            text += ","
            text += "\(values[k])\n"
        }
        return text
    }

    /// The text of a column's cells, as CSV fields.
    private static func cells(_ column: Column) -> (Int) -> String {
        switch column {
        case .text(let text): return { quoted(text[$0] ?? "") }
        case .timestamp(let values): return { TimestampParser.string(from: values[$0]) }
        case .number(let values):
            return { row in
                let value = values[row]
                return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
            }
        }
    }

    private static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
