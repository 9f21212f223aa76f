import FolioCompute
import Foundation

extension KSTestDirective {
    /// The rows of the two groups, found once and shared by every feature.
    struct GroupRows: Sendable {
        /// Row indices of group a, ascending.
        var a: [Int]
        /// Row indices of group b, ascending.
        var b: [Int]
        /// The groups as conditions, for messages: `split = 'train'`.
        var nameA: String
        var nameB: String
    }

    /// Splits the frame's rows into the two groups (after `positive_only`).
    ///
    /// - Throws: a located error for a missing or timestamp compare column, a group value
    ///   that never occurs (with the closest value), a label column that holds anything but
    ///   0 and 1, or a group left empty.
    func groupRows(of frame: DataFrame, display: String) throws(DirectiveError) -> GroupRows {
        guard let column = frame.column(compare.column) else {
            throw DirectiveError("'compare.column': no column '\(compare.column)' in \(display)\(Suggestion.hint(for: compare.column, in: frame.columnNames))",
                                 at: compare.columnLocation)
        }
        var member = [Int8](repeating: -1, count: frame.rowCount)
        switch column {
        case .text(let text):
            func code(_ value: String, _ key: String, _ location: SourceLocation) throws(DirectiveError) -> Int32 {
                if let code = text.code(of: value) { return code }
                let shown = text.levels.prefix(12).map { "'\($0)'" }.joined(separator: ", ")
                throw DirectiveError("'compare.\(key)': no row of \(display) has \(compare.column) = '\(value)'\(Suggestion.hint(for: value, in: text.levels)); values: \(shown)\(text.levels.count > 12 ? ", ..." : "")",
                                     at: location)
            }
            let codeA = try code(compare.a, "a", compare.aLocation)
            let codeB = try code(compare.b, "b", compare.bLocation)
            for (i, c) in text.codes.enumerated() {
                if c == codeA { member[i] = 0 } else if c == codeB { member[i] = 1 }
            }
        case .number(let values):
            func number(_ value: String, _ key: String, _ location: SourceLocation) throws(DirectiveError) -> Double {
                guard let x = ParamValue.number(value), x.isFinite else {
                    throw DirectiveError("'compare.\(key)': column '\(compare.column)' holds numbers; '\(value)' is not one", at: location)
                }
                return x
            }
            let xa = try number(compare.a, "a", compare.aLocation)
            let xb = try number(compare.b, "b", compare.bLocation)
            for (i, x) in values.enumerated() {
                if x == xa { member[i] = 0 } else if x == xb { member[i] = 1 }
            }
        case .timestamp:
            throw DirectiveError("'compare.column': column '\(compare.column)' of \(display) holds timestamps; compare two values of a text or number column (e.g. split)",
                                 at: compare.columnLocation)
        }
        if positiveOnly {
            let labels = try frame.numbers(label.name, at: label.location, display: display)
            if let bad = labels.firstIndex(where: { !$0.isNaN && $0 != 0 && $0 != 1 }) {
                throw DirectiveError("label column '\(label.name)' of \(display) must hold 0 or 1 for 'positive_only', found \(JSONValue.format(labels[bad]))",
                                     at: label.location)
            }
            for i in labels.indices where labels[i] != 1 { member[i] = -1 }
        }
        var rows = GroupRows(a: [], b: [], nameA: "\(compare.column) = '\(compare.a)'", nameB: "\(compare.column) = '\(compare.b)'")
        for (i, m) in member.enumerated() {
            if m == 0 { rows.a.append(i) } else if m == 1 { rows.b.append(i) }
        }
        for (value, indices, key, location) in [(compare.a, rows.a, "a", compare.aLocation), (compare.b, rows.b, "b", compare.bLocation)] where indices.isEmpty {
            // A value that never occurs was reported above for text columns; here the
            // group exists in the file but the row selection left none of it.
            let detail = (positiveOnly ? " and \(label.name) = 1" : "") + (selection.filter.map { " among the rows 'where' \($0.summary) keeps" } ?? "")
            let culprit = selection.filter?.location ?? (positiveOnly ? positiveOnlyLocation : location)
            throw DirectiveError("'compare.\(key)': no row of \(display) has \(compare.column) = '\(value)'\(detail) (the group is empty)", at: culprit)
        }
        return rows
    }
}
