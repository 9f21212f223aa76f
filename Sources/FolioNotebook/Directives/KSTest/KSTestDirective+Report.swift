import FolioCharts
import FolioCompute
import Foundation

extension KSTestDirective {
    /// Sets `pAdjusted` on every feature; NaN p-values (a one-against-one asymptotic test)
    /// stay NaN and are left out of the adjustment.
    func adjustPValues(_ shifts: inout [FeatureShift]) throws(DirectiveError) {
        let tested = shifts.indices.filter { !shifts[$0].ks.pValue.isNaN }
        let p = tested.map { shifts[$0].ks.pValue }
        let adjusted: [Double]
        do {
            switch adjust {
            case .bh: adjusted = try PValueAdjustment.benjaminiHochberg(p)
            case .bonferroni: adjusted = try PValueAdjustment.bonferroni(p)
            case .none: adjusted = p
            }
        } catch {
            throw DirectiveError("'adjust': \(error)", at: selection.location)
        }
        for (k, index) in tested.enumerated() { shifts[index].pAdjusted = adjusted[k] }
    }

    /// Orders features by effect size, largest first: D then PSI, or PSI then D; the
    /// column order breaks remaining ties.
    func rank(_ shifts: inout [FeatureShift]) {
        let order = shifts.indices.sorted { i, j in
            let (x, y) = (shifts[i], shifts[j])
            let keyX = rankBy == .statistic ? (x.ks.statistic, x.psi.value) : (x.psi.value, x.ks.statistic)
            let keyY = rankBy == .statistic ? (y.ks.statistic, y.psi.value) : (y.psi.value, y.ks.statistic)
            if keyX.0 != keyY.0 { return keyX.0 > keyY.0 }
            if keyX.1 != keyY.1 { return keyX.1 > keyY.1 }
            return i < j
        }
        shifts = order.map { shifts[$0] }
    }

    /// The result, the fragment and the figures.
    func output(shifts: [FeatureShift], groups: GroupRows, context: DirectiveContext, display: String) throws(DirectiveError) -> DirectiveOutput {
        let shifted = shifts.filter { shiftBand.contains($0.psi.band) }.map(\.name)
        let significant = shifts.filter { $0.pAdjusted < 0.05 }.count
        var result = JSONObject()
        result["features"] = .array(shifts.map(row))
        result["top"] = .strings(shifts.prefix(top).map(\.name))
        result["shifted"] = .strings(shifted)
        result["n_a"] = .int(groups.a.count)
        result["n_b"] = .int(groups.b.count)
        result["significant"] = .int(significant)
        var missing = JSONObject()
        for shift in shifts where shift.missingA + shift.missingB > 0 {
            missing[shift.name] = .object(JSONObject([("a", .int(shift.missingA)), ("b", .int(shift.missingB))]))
        }
        result["missing"] = .object(missing)

        var markdown = sentences(shifts: shifts, groups: groups, shifted: shifted, significant: significant, display: display)
        var figures: [Figure] = []
        let who = positiveOnly ? ", positive class" : ""
        let overview = try context.chart("overview", overviewChart(shifts), alt: "KS statistic and PSI per feature, \(compare.a) vs \(compare.b)\(who)")
        markdown += overview.markdown + "\n\n"
        figures.append(overview.figure)
        markdown += table(shifts)
        if charts > 0 {
            let shown = Array(shifts.prefix(charts))
            let grid = try context.chart("distributions", try distributionChart(shown),
                                         alt: "Densities and ECDFs of \(shown.map(\.name).joined(separator: ", ")), \(compare.a) vs \(compare.b)\(who)")
            markdown += "\n" + grid.markdown + "\n"
            figures.append(grid.figure)
        }
        return DirectiveOutput(result: .object(result), markdown: markdown, figures: figures)
    }

    /// One row of `features` in the result.
    func row(_ shift: FeatureShift) -> JSONValue {
        .object(JSONObject([
            ("feature", .string(shift.name)),
            ("n_a", .int(shift.a.count)),
            ("n_b", .int(shift.b.count)),
            ("statistic", .double(shift.ks.statistic)),
            ("p_value", .double(shift.ks.pValue)),
            ("p_adjusted", .double(shift.pAdjusted)),
            ("psi", .double(shift.psi.value)),
            ("psi_band", .string(shift.psi.band.rawValue)),
            ("wasserstein", .double(shift.wasserstein)),
            ("mean_a", .double(shift.summaryA.mean)),
            ("mean_b", .double(shift.summaryB.mean)),
            ("std_a", .double(shift.summaryA.standardDeviation)),
            ("std_b", .double(shift.summaryB.standardDeviation)),
        ]))
    }

    /// The effect-size name used in sentences.
    var rankName: String { rankBy == .statistic ? "the KS statistic D" : "PSI" }

    /// The generated sentences above the table.
    func sentences(shifts: [FeatureShift], groups: GroupRows, shifted: [String], significant: Int, display: String) -> String {
        let m = shifts.count
        let features = m == 1 ? "1 feature" : "\(m) features"
        var scope = "\(MarkdownText.code(display)), \(MarkdownText.code(compare.column))"
        if positiveOnly { scope += ", positive class only (\(MarkdownText.code(label.name)) = 1)" }
        if let filter = selection.filter { scope += ", where \(filter.summary)" }
        let methods = Set(shifts.map(\.ks.method))
        let methodText: String
        switch (methods.contains(.exact), methods.contains(.asymp)) {
        case (true, false): methodText = "exact p-values"
        case (false, true): methodText = "asymptotic p-values"
        default: methodText = "exact p-values up to 10,000 values per group, asymptotic beyond"
        }
        let adjustText: String
        switch adjust {
        case .bh: adjustText = ", Benjamini-Hochberg adjusted across features"
        case .bonferroni: adjustText = ", Bonferroni adjusted across features"
        case .none: adjustText = ", not adjusted"
        }
        let alternativeText = alternative == .twoSided ? "two-sided" : "one-sided (\(MarkdownText.code(alternative.rawValue)))"
        var out = "**\(MarkdownText.escaped(compare.a))** (\(Cell.count(groups.a.count)) rows) against **\(MarkdownText.escaped(compare.b))** (\(Cell.count(groups.b.count)) rows) of \(scope): "
            + "\(features), \(alternativeText) KS test with \(methodText)\(adjustText).\n\n"

        // Significance, and why the ranking is by effect size.
        let pName = adjust == .none ? "p-value" : "adjusted p-value"
        let tiny = shifts.filter { $0.pAdjusted < 1e-10 }.count
        let largeSamples = shifts.allSatisfy { min($0.a.count, $0.b.count) >= 1_000 }
        if significant == m {
            let largest = shifts.map(\.pAdjusted).filter { !$0.isNaN }.max() ?? .nan
            out += m == 1 ? "Its \(pName) is \(ShiftFormat.pValue(largest))" : "Every \(pName) is below 0.05 (the largest is \(ShiftFormat.pValue(largest)))"
        } else if significant > 0 {
            out += "\(significant) of \(m) features \(significant == 1 ? "has" : "have") an \(pName) below 0.05" + (tiny > 0 ? " (\(tiny) below 1e-10)" : "")
        } else {
            out += "No feature has an \(pName) below 0.05"
        }
        if largeSamples {
            out += "; at these sample sizes even a negligible difference is significant, so features are ranked by effect size, \(rankName), not by p-value.\n\n"
        } else {
            out += ". Features are ranked by effect size, \(rankName).\n\n"
        }

        // The largest shifts.
        let leaders = shifts.prefix(3).map { "\(MarkdownText.code($0.name)) (D = \(Cell.fixed($0.ks.statistic)), PSI \(Cell.fixed($0.psi.value)))" }
        out += (m == 1 ? "The shift: " : "The largest shifts: ") + ShiftFormat.list(leaders) + ". "
        let majors = shifts.filter { $0.psi.band == .major }.count
        switch (shiftBand, shifted.count) {
        case (.moderate, 0):
            out += "No feature reaches the PSI band of 0.1: every one is stable."
        case (.moderate, let s):
            out += (s == m ? (m == 1 ? "It is" : "All \(m) features are") : "\(s) of \(m) features \(s == 1 ? "is" : "are")") + " over the PSI band of 0.1"
                + (majors == 0 ? "" : majors == s ? (s == 1 ? " (a major shift, over 0.25)" : " (all of them major, over 0.25)") : " (\(majors) of them major, over 0.25)") + ": " + ShiftFormat.list(shifted.map { "\(MarkdownText.code($0))" }) + "."
        case (.major, 0):
            out += "No feature has a major shift (PSI over 0.25)."
        case (.major, let s):
            out += (s == m ? (m == 1 ? "It has" : "All \(m) features have") : "\(s) of \(m) features \(s == 1 ? "has" : "have")") + " a major shift (PSI over 0.25): " + ShiftFormat.list(shifted.map { "\(MarkdownText.code($0))" }) + "."
        }
        out += "\n\n"
        let withMissing = shifts.filter { $0.missingA + $0.missingB > 0 }
        if !withMissing.isEmpty {
            let parts = withMissing.map { "\(MarkdownText.code($0.name)) \(Cell.count($0.missingA)) in \(MarkdownText.escaped(compare.a)), \(Cell.count($0.missingB)) in \(MarkdownText.escaped(compare.b))" }
            out += "Empty, NaN or infinite values were dropped per feature: " + parts.joined(separator: "; ") + ".\n\n"
        }
        return out
    }

    /// The table of the first `top` features.
    func table(_ shifts: [FeatureShift]) -> String {
        let shown = shifts.prefix(top)
        let counts = Set(shifts.map { [$0.a.count, $0.b.count] })
        let showsCounts = counts.count > 1
        var columns: [(String, MarkdownTable.Alignment)] = [("#", .right), ("feature", .left)]
        if showsCounts { columns += [("n \(compare.a)", .right), ("n \(compare.b)", .right)] }
        columns += [("D", .right), ("p", .right), (adjust == .none ? "p (unadjusted)" : "p adj. (\(adjust.rawValue == "bh" ? "BH" : "Bonferroni"))", .right),
                    ("PSI", .right), ("band", .left), ("Wasserstein", .right),
                    ("mean \(compare.a)", .right), ("mean \(compare.b)", .right), ("std \(compare.a)", .right), ("std \(compare.b)", .right)]
        var table = MarkdownTable(columns)
        for (k, shift) in shown.enumerated() {
            var cells = ["\(k + 1)", "\(MarkdownText.code(shift.name))"]
            if showsCounts { cells += [Cell.count(shift.a.count), Cell.count(shift.b.count)] }
            cells += [Cell.fixed(shift.ks.statistic), ShiftFormat.pValue(shift.ks.pValue), ShiftFormat.pValue(shift.pAdjusted),
                      Cell.fixed(shift.psi.value), Cell.marked(shift.psi.band.rawValue, shift.psi.band != .stable),
                      ShiftFormat.significant(shift.wasserstein),
                      ShiftFormat.significant(shift.summaryA.mean), ShiftFormat.significant(shift.summaryB.mean),
                      ShiftFormat.significant(shift.summaryA.standardDeviation), ShiftFormat.significant(shift.summaryB.standardDeviation)]
            table.append(cells)
        }
        let caption = shifts.count > shown.count
            ? "The \(shown.count) features with the largest \(rankBy == .statistic ? "D" : "PSI") (all \(shifts.count) are in the results):\n\n"
            : "Every feature, largest \(rankBy == .statistic ? "D" : "PSI") first:\n\n"
        return caption + table.markdown
    }
}

/// Number formats of the shift tables and sentences.
enum ShiftFormat {
    /// Four significant digits (`0.01388`, `49.7`, `-0.0008333`); `–` when not finite.
    static func significant(_ x: Double) -> String {
        guard x.isFinite else { return "–" }
        if x == 0 { return "0" }
        return String(format: "%.4g", x)
    }

    /// A p-value: three decimals down to 0.001, then scientific; `< 1e-300` when it
    /// underflowed to 0.
    static func pValue(_ p: Double) -> String {
        guard !p.isNaN else { return "–" }
        if p == 0 { return "< 1e-300" }
        if p < 0.001 { return String(format: "%.1e", p) }
        return String(format: "%.3f", p)
    }

    /// `a`, `a and b`, `a, b and c`.
    static func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
    }
}
