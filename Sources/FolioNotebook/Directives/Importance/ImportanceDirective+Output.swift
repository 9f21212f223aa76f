import FolioCharts
import FolioCompute
import FolioModels
import Foundation

extension ImportanceDirective {
    /// One checkpoint's comparison.
    typealias Measured = (checkpoint: Checkpoint, comparison: ImportanceComparison, window: Int?)

    /// The metric's name in prose and on axes.
    var metricTitle: String {
        switch metric {
        case .rocAUC: "ROC-AUC"
        case .averagePrecision: "average precision"
        case .logLoss: "negated log loss"
        case .f1(let threshold): "F1 at \(JSONValue.format(threshold))"
        }
    }

    /// The result, the fragment and the figures.
    func output(_ measured: [Measured], display: String, context: DirectiveContext) throws(DirectiveError) -> DirectiveOutput {
        let (nameA, nameB) = (compare.a, compare.b)
        // Features in the first model's order, then any a later model adds.
        var features: [String] = []
        for (_, comparison, _) in measured {
            for row in comparison.rows where !features.contains(row.feature) { features.append(row.feature) }
        }
        var flaggedBy: [String: Int] = [:]
        for (_, comparison, _) in measured {
            for feature in comparison.flagged { flaggedBy[feature, default: 0] += 1 }
        }
        let consensus = features.filter { flaggedBy[$0, default: 0] >= 2 }
        let flaggedAny = features.filter { flaggedBy[$0, default: 0] >= 1 }
        let unusedByAll = features.filter { feature in
            measured.allSatisfy { $0.comparison.rows.contains { $0.feature == feature && $0.flag == .unused } }
        }
        let backlog = writesBacklog ? backlogItems(measured, features: features, unusedByAll: unusedByAll) : []

        var models = JSONObject()
        for (checkpoint, comparison, _) in measured {
            models[checkpoint.name] = .object(modelResult(comparison))
        }
        var result = JSONObject()
        result["models"] = .object(models)
        result["consensus"] = .strings(consensus)
        result["flagged"] = .strings(flaggedAny)
        result["unused_by_all"] = .strings(unusedByAll)
        // The overfit feature that mattered most on a (ties: model then feature order).
        var largest: (model: String, row: ImportanceComparisonRow)?
        for (checkpoint, comparison, _) in measured {
            for row in comparison.rows where row.flag == .overfit && row.importanceA > (largest?.row.importanceA ?? -.infinity) {
                largest = (checkpoint.name, row)
            }
        }
        result["largest_overfit"] = largest.map { model, row in
            .object(JSONObject([
                ("model", .string(model)), ("feature", .string(row.feature)),
                ("importance_a", .double(row.importanceA)), ("importance_b", .double(row.importanceB)),
            ]))
        } ?? .null
        if let shifted {
            result["shifted_and_flagged"] = .strings(flaggedAny.filter { shifted.contains($0) })
        }
        if writesBacklog {
            result["backlog"] = .array(backlog.map { item in
                .object(JSONObject([
                    ("feature", .string(item.feature)), ("action", .string(item.action.rawValue)),
                    ("evidence", .string(item.evidence)), ("proposal", .string(item.action.proposal)),
                ]))
            })
        }
        result["metric"] = .string(metric.description)
        result["repeats"] = .int(repeats)
        result["sample"] = .int(sample)
        result["seed"] = .string(String(seed))
        result["a"] = .string(nameA)
        result["b"] = .string(nameB)

        var markdown = summary(measured, consensus: consensus)
        var figures: [Figure] = []
        for (checkpoint, comparison, _) in measured {
            let bars = try context.chart(
                "\(checkpoint.name)-bars", barChart(checkpoint.name, comparison),
                alt: "Permutation importance of \(checkpoint.name)'s features on \(nameA) and \(nameB)")
            markdown += "**\(checkpoint.name)**\n\n" + bars.markdown + "\n\n" + table(comparison) + "\n"
            figures.append(bars.figure)
        }
        let ranks = try context.chart("ranks", rankChart(measured),
                                      alt: "Rank of each feature on \(nameA) against its rank on \(nameB), per model")
        markdown += ranks.markdown + "\n\n"
        figures.append(ranks.figure)
        if measured.count > 1 || features.count > 1 {
            let heat = try context.chart("heatmap", heatmap(measured, features: features),
                                         alt: "Importance of every feature for every model on \(nameA) and \(nameB)")
            markdown += heat.markdown + "\n"
            figures.append(heat.figure)
        }
        if writesBacklog {
            markdown += "\n" + backlogTable(backlog)
        }
        let notes = measured.flatMap { checkpoint, comparison, _ in
            (comparison.a.notes.map { "\(checkpoint.name), \(nameA): \($0)" }) + (comparison.b.notes.map { "\(checkpoint.name), \(nameB): \($0)" })
        }
        return DirectiveOutput(result: .object(result), markdown: markdown, figures: figures, warnings: notes)
    }

    /// `models.<name>` of the result.
    func modelResult(_ comparison: ImportanceComparison) -> JSONObject {
        var object = JSONObject()
        let rows = comparison.rows.map(row)
        object["rows"] = .array(rows)
        object["features"] = .object(JSONObject(zip(comparison.rows, rows).map { ($0.0.feature, $0.1) }))
        object["flagged"] = .strings(comparison.flagged)
        object["unused"] = .strings(comparison.rows.filter { $0.flag == .unused }.map(\.feature))
        object["top_a"] = .strings(comparison.rows.sorted { $0.rankA < $1.rankA }.prefix(5).map(\.feature))
        object["top_b"] = .strings(comparison.rows.sorted { $0.rankB < $1.rankB }.prefix(5).map(\.feature))
        object["baseline_a"] = .double(comparison.baselineA)
        object["baseline_b"] = .double(comparison.baselineB)
        object["samples_a"] = .int(comparison.a.samples)
        object["samples_b"] = .int(comparison.b.samples)
        object["available_a"] = .int(comparison.a.available)
        object["available_b"] = .int(comparison.b.available)
        return object
    }

    /// One row of `models.<name>.rows`.
    func row(_ row: ImportanceComparisonRow) -> JSONValue {
        .object(JSONObject([
            ("feature", .string(row.feature)),
            ("importance_a", .double(row.importanceA)),
            ("std_a", .double(row.stdA)),
            ("importance_b", .double(row.importanceB)),
            ("std_b", .double(row.stdB)),
            ("rank_a", .int(row.rankA)),
            ("rank_b", .int(row.rankB)),
            ("flag", .string(row.flag.rawValue)),
        ]))
    }

    /// What was measured, the baselines, and the flags in words.
    func summary(_ measured: [Measured], consensus: [String]) -> String {
        let (nameA, nameB) = (compare.a, compare.b)
        let windows = measured.compactMap(\.window).max()
        var out = "Permutation importance (scikit-learn's `permutation_importance`): the drop in \(metricTitle) when one feature's values are permuted across the samples"
        if let windows { out += " (for a window model a sample is the window of \(windows) rows it scores, and the feature's whole window moves)" }
        out += ", mean ± standard deviation over \(repeats) permutation\(repeats == 1 ? "" : "s"), on up to \(Cell.count(sample)) samples of "
        out += "\(compare.column) = \(MarkdownText.code(nameA)) and of \(compare.column) = \(MarkdownText.code(nameB)), seed \(seed).\n\n"
        var table = MarkdownTable([
            ("model", .left), ("samples \(nameA)", .right), ("\(metricTitle) \(nameA)", .right), ("samples \(nameB)", .right),
            ("\(metricTitle) \(nameB)", .right), ("overfit", .right), ("stable", .right), ("unused", .right),
        ])
        for (checkpoint, comparison, _) in measured {
            let count = { (flag: ImportanceFlag) in comparison.rows.filter { $0.flag == flag }.count }
            table.append([
                checkpoint.name, Cell.count(comparison.a.samples), Cell.fixed(comparison.baselineA, 4),
                Cell.count(comparison.b.samples), Cell.fixed(comparison.baselineB, 4),
                "\(count(.overfit))", "\(count(.stable))", "\(count(.unused))",
            ])
        }
        out += table.markdown + "\n"
        out += "A feature is flagged **overfit** when it matters on \(nameA) (mean over twice its standard deviation) and loses at least half of it on \(nameB), by more than twice the combined noise; **unused** when neither side exceeds twice its noise. "
        let lists = measured.map { checkpoint, comparison, _ in
            "\(checkpoint.name): " + (comparison.flagged.isEmpty ? "none" : comparison.flagged.map { MarkdownText.code($0) }.joined(separator: ", "))
        }
        out += "Flagged overfit: " + lists.joined(separator: "; ") + ". "
        if let shifted {
            let both = measured.flatMap(\.comparison.flagged).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
                .filter { shifted.contains($0) }
            out += both.isEmpty
                ? "None of the flagged features is among the \(shifted.count) shifted ones. "
                : "Flagged and shifted between \(nameA) and \(nameB): " + both.map { MarkdownText.code($0) }.joined(separator: ", ") + ". "
        }
        if measured.count >= 2 {
            out += consensus.isEmpty
                ? "No feature is flagged by two models or more."
                : "Flagged by two models or more: " + consensus.map { MarkdownText.code($0) }.joined(separator: ", ") + "."
        }
        return out + "\n\n"
    }

    /// One model's features, most important on a first.
    func table(_ comparison: ImportanceComparison) -> String {
        let (nameA, nameB) = (compare.a, compare.b)
        var columns: [(String, MarkdownTable.Alignment)] = [
            ("rank \(nameA)", .right), ("feature", .left), ("importance \(nameA)", .right), ("± std", .right),
            ("importance \(nameB)", .right), ("± std", .right), ("rank \(nameB)", .right), ("flag", .left),
        ]
        if shifted != nil { columns.append(("shifted", .left)) }
        var table = MarkdownTable(columns)
        for row in comparison.rows.sorted(by: { $0.rankA < $1.rankA }) {
            var cells = [
                "\(row.rankA)", MarkdownText.code(row.feature), Cell.fixed(row.importanceA, 4), Cell.fixed(row.stdA, 4),
                Cell.fixed(row.importanceB, 4), Cell.fixed(row.stdB, 4), "\(row.rankB)",
                Cell.marked(row.flag.rawValue, row.flag == .overfit),
            ]
            if let shifted { cells.append(shifted.contains(row.feature) ? "yes" : "") }
            table.append(cells)
        }
        return table.markdown
    }
}

/// One item of the feature-engineering backlog.
struct BacklogItem: Sendable {
    /// What the flags call for.
    enum Action: String, Sendable {
        case reexpress = "re-express"
        case regularise
        case drop

        /// The proposal, one sentence per action.
        var proposal: String {
            switch self {
            case .reexpress:
                "Re-express it without the level that moved (scale by recent volatility, or rank within a rolling window), then re-measure its importance on both splits."
            case .regularise:
                "Its relation to the label did not carry over: regularise the inputs it feeds, or drop it, and check its computation for look-ahead."
            case .drop:
                "No model relies on it on either split: drop it from V2 unless a new model family needs it."
            }
        }
    }

    var feature: String
    var action: Action
    var evidence: String
    /// Models that flag it overfit (for the order).
    var models: Int
}

extension ImportanceDirective {
    /// The backlog: flagged features (most models first, then feature order), then those
    /// no model uses.
    func backlogItems(_ measured: [Measured], features: [String], unusedByAll: [String]) -> [BacklogItem] {
        var items: [BacklogItem] = []
        for feature in features {
            var evidence: [String] = []
            for (checkpoint, comparison, _) in measured {
                guard let row = comparison.rows.first(where: { $0.feature == feature }), row.flag == .overfit else { continue }
                evidence.append("\(checkpoint.name): \(Cell.fixed(row.importanceA, 4)) ± \(Cell.fixed(row.stdA, 4)) on \(compare.a), \(Cell.fixed(row.importanceB, 4)) ± \(Cell.fixed(row.stdB, 4)) on \(compare.b)")
            }
            guard !evidence.isEmpty else { continue }
            let isShifted = shifted?.contains(feature) ?? false
            let text = "overfit for " + evidence.joined(separator: "; ") + (isShifted ? "; shifted between \(compare.a) and \(compare.b)" : "")
            items.append(BacklogItem(feature: feature, action: isShifted ? .reexpress : .regularise, evidence: text, models: evidence.count))
        }
        items = items.enumerated().sorted { x, y in
            x.element.models != y.element.models ? x.element.models > y.element.models : x.offset < y.offset
        }.map(\.element)
        for feature in unusedByAll {
            items.append(BacklogItem(
                feature: feature, action: .drop,
                evidence: "unused by all \(measured.count) model\(measured.count == 1 ? "" : "s"): within twice its noise of zero on both \(compare.a) and \(compare.b)",
                models: 0))
        }
        return items
    }

    /// The backlog as a table under its heading.
    func backlogTable(_ items: [BacklogItem]) -> String {
        guard !items.isEmpty else { return "No feature is flagged: the flags call for no feature-engineering item.\n" }
        var table = MarkdownTable([("feature", .left), ("action", .left), ("evidence", .left), ("proposal", .left)])
        for item in items {
            table.append([MarkdownText.code(item.feature), item.action.rawValue, item.evidence, item.action.proposal])
        }
        return "**Feature engineering V2 backlog**, derived from the flags:\n\n" + table.markdown
    }
}
