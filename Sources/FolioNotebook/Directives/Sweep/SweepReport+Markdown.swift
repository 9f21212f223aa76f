import FolioCharts
import FolioCompute
import Foundation

extension SweepReport {
    /// The fragment: what was swept, the best threshold of each configuration with the
    /// primary and backup, the objective by threshold, every row (folded), and the charts.
    func markdown(context: DirectiveContext, roles: Roles) throws(DirectiveError) -> (String, [Figure]) {
        let all = configurations
        let grid = sweep.thresholds
        let decimals = ThresholdDecimals.of(grid)
        func t(_ x: Double) -> String { Cell.fixed(x, decimals) }
        let referenceText = t(reference)

        var md = "Swept \(grid.count) threshold\(grid.count == 1 ? "" : "s") from \(t(grid.first ?? 0)) to \(t(grid.last ?? 0)) on "
            + "**\(Cell.count(labels.count))** rows of \(MarkdownText.code(display))\(selectionText): **\(Cell.count(labels.positives))** positives "
            + "(\(Cell.percent(positiveRate, 2))). Objective: **\(Self.describe(objective))** (ties go to the lower threshold"
            + "\(minimumSignals > 0 ? "; a threshold needs at least \(Cell.count(minimumSignals)) signals" : ""))."
        if let payoff, let breakEven = breakEvenPrecision {
            md += " Expected value per trade = precision × (win − cost) − (1 − precision) × (loss + cost), with win "
                + "\(Cell.percent(payoff.win, 2)), loss \(Cell.percent(payoff.loss, 2)) and cost \(Cell.percent(payoff.cost, 2)): "
                + "a trade pays off on average only above precision **\(Cell.percent(breakEven, 1))**."
        }
        let ensembleLines = all.compactMap { configuration -> String? in
            guard let ensemble = configuration.ensemble else { return nil }
            switch ensemble.method {
            case .mean:
                return "\(MarkdownText.code(configuration.name)): the mean of the \(modelNames.count) models' probabilities"
            case .weightedMean(let weights):
                let total = weights.reduce(0, +)
                let list = zip(modelNames, weights).map { "\($0) \(Cell.fixed($1 / total, 2))" }.joined(separator: ", ")
                return "\(MarkdownText.code(configuration.name)): the weighted mean (\(list))"
            case .majorityVote(let thresholds):
                let list = zip(modelNames, thresholds).map { "\($0) ≥ \(t($1))" }.joined(separator: ", ")
                return "\(MarkdownText.code(configuration.name)): positive when at least k of the \(modelNames.count) models vote positive, each at its best threshold (\(list)); swept over k = 1…\(modelNames.count), not over the probability grid"
            }
        }
        if !ensembleLines.isEmpty { md += " Ensembles: " + ensembleLines.joined(separator: "; ") + "." }
        md += "\n\n"

        // The best threshold of each configuration.
        if parts.contains(.best) {
            func role(_ i: Int) -> String {
                let name = i == roles.primary ? "**\(roles.primaryLabel(objectiveShortTitle))**" : i == roles.backup ? roles.backupLabel : ""
                return !name.isEmpty && roles.fixedThreshold(of: i) != nil ? name + " (at its fixed threshold: below)" : name
            }
            var headers: [(String, MarkdownTable.Alignment)] = [("configuration", .left), ("rule", .left), ("signals", .right),
                                                                ("precision", .right), ("recall", .right), ("F1", .right)]
            if payoff != nil { headers.append(("EV per trade", .right)) }
            headers += [("F1 at \(referenceText)", .right), ("role", .left)]
            var best = MarkdownTable(headers)
            let objectiveValues = all.map { $0.best.flatMap(objective.value(of:)) ?? -.infinity }
            // Enough decimals that different figures never print alike.
            func digits(_ read: (SweepRow) -> Double) -> Int {
                DistinctDecimals.decimals(for: all.compactMap { $0.best.map(read) }, base: 3) { Cell.fixed($0, $1) }
            }
            let (precisionDigits, recallDigits, f1Digits) = (digits(\.precision), digits(\.recall), digits(\.f1))
            let top = objectiveValues.max() ?? -.infinity
            for (i, configuration) in all.enumerated() {
                let referenceRow = SweepRow(threshold: referenceThreshold(configuration),
                                            counts: configuration.ranking.counts(atThreshold: referenceThreshold(configuration)))
                // A vote has no probability threshold: its F1 at its majority, k of n.
                let referenceF1 = Cell.fixed(referenceRow.f1)
                    + (configuration.votes(referenceRow).map { " (\(Self.kOfN($0, modelNames.count)))" } ?? "")
                let name = configuration.ensemble == nil ? configuration.name : "\(configuration.name) (ensemble)"
                guard let row = configuration.best else {
                    best.append([name, "no threshold qualifies", "–", "–", "–", "–"] + (payoff != nil ? ["–"] : []) + [referenceF1, ""])
                    continue
                }
                let isTop = objectiveValues[i] == top && all.count > 1
                func mark(_ text: String, _ isObjective: Bool) -> String { Cell.marked(text, isObjective && isTop) }
                var cells = [name, rule(configuration, threshold: row.threshold),
                             "\(Cell.count(row.counts.predictedPositives)) (\(Cell.percent(row.positiveRate)))",
                             mark(Cell.fixed(row.precision, precisionDigits), { if case .precisionAtRecall = objective { return true }; return false }()),
                             mark(Cell.fixed(row.recall, recallDigits), { if case .recallAtPrecision = objective { return true }; return false }()),
                             mark(Cell.fixed(row.f1, f1Digits), { if case .f1 = objective { return true }; return false }())]
                if payoff != nil {
                    cells.append(mark(Self.signedPercent(row.expectedValue ?? .nan), { if case .expectedValue = objective { return true }; return false }()))
                }
                cells += [referenceF1, role(i)]
                best.append(cells)
            }
            let voteNote = all.contains(where: \.isVote) ? "; a vote's rule is k of n models, and its F1 in the reference column is at its majority" : ""
            md += "Best threshold of each configuration (in bold: the best \(objectiveMetricTitle)\(voteNote)):\n\n" + best.markdown + "\n"
            md += coincidenceNote(all)

            // Roles fixed beforehand (a choice carried from another split), at their threshold.
            let fixed = [(roles.primary, roles.primaryLabel(objectiveShortTitle)), (roles.backup, roles.backupLabel)].compactMap { index, role -> (Int, String)? in
                guard let index, roles.fixedThreshold(of: index) != nil else { return nil }
                return (index, role)
            }
            if !fixed.isEmpty {
                var chosenHeaders: [(String, MarkdownTable.Alignment)] = [("role", .left), ("configuration", .left), ("rule", .left), ("signals", .right),
                                                                          ("precision", .right), ("recall", .right), ("F1", .right)]
                if payoff != nil { chosenHeaders.append(("EV per trade", .right)) }
                var chosen = MarkdownTable(chosenHeaders)
                for (index, role) in fixed {
                    guard let row = roleRow(index, roles: roles) else { continue }
                    var cells = [role, all[index].name, rule(all[index], threshold: row.threshold),
                                 "\(Cell.count(row.counts.predictedPositives)) (\(Cell.percent(row.positiveRate)))",
                                 Cell.fixed(row.precision), Cell.fixed(row.recall), Cell.fixed(row.f1)]
                    if payoff != nil { cells.append(Self.signedPercent(row.expectedValue ?? .nan)) }
                    chosen.append(cells)
                }
                md += "The configurations fixed beforehand, on these rows:\n\n" + chosen.markdown + "\n"
            }
        }

        // The objective's metric at every threshold.
        if parts.contains(.thresholds) {
            // Votes are not on the probability axis: their own table by k, below.
            let onGrid = all.filter { !$0.isVote }
            var byThreshold = MarkdownTable([("threshold", .right)] + onGrid.map { ($0.name, .right) })
            for (k, threshold) in grid.enumerated() {
                var cells = [t(threshold)]
                for configuration in onGrid {
                    let row = configuration.sweep.rows[k]
                    let value = objectiveMetric(row)
                    var text = objective == .expectedValue ? Self.signedPercent(value) : Cell.fixed(value)
                    if !qualifies(row), !value.isNaN { text = "(\(text))" }
                    cells.append(Cell.marked(text, configuration.sweep.bestIndex == k))
                }
                byThreshold.append(cells)
            }
            var note = "in bold: each configuration's best"
            switch objective {
            case .recallAtPrecision(let p): note += "; in parentheses: precision below \(Cell.fixed(p, 2))"
            case .precisionAtRecall(let r): note += "; in parentheses: recall below \(Cell.fixed(r, 2))"
            case .expectedValue: note += "; – : no signal"
            case .f1: break
            }
            if minimumSignals > 0 { note += "; in parentheses: fewer than \(Cell.count(minimumSignals)) signals" }
            md += "\(objectiveMetricTitle.prefix(1).uppercased() + objectiveMetricTitle.dropFirst()) by threshold (\(note)):\n\n" + byThreshold.markdown + "\n"
            let votes = all.filter(\.isVote)
            if !votes.isEmpty {
                var byVotes = MarkdownTable([("votes", .left)] + votes.map { ($0.name, .right) })
                for k in 1...modelNames.count {
                    var cells = [Self.kOfN(k, modelNames.count)]
                    for configuration in votes {
                        let index = k - 1
                        let row = configuration.sweep.rows[index]
                        let value = objectiveMetric(row)
                        var text = objective == .expectedValue ? Self.signedPercent(value) : Cell.fixed(value)
                        text += " (\(Cell.count(row.counts.predictedPositives)) signals)"
                        if !qualifies(row), !value.isNaN { text = "(\(text))" }
                        cells.append(Cell.marked(text, configuration.sweep.bestIndex == index))
                    }
                    byVotes.append(cells)
                }
                md += "\(objectiveMetricTitle.prefix(1).uppercased() + objectiveMetricTitle.dropFirst()) of the vote by the number of models voting positive (\(note)):\n\n" + byVotes.markdown + "\n"
            }
        }

        // Every row, folded.
        if parts.contains(.rows) {
            var rowHeaders: [(String, MarkdownTable.Alignment)] = [("threshold", .right), ("configuration", .left), ("signals", .right),
                                                                   ("positive rate", .right), ("precision", .right), ("recall", .right), ("F1", .right)]
            if payoff != nil { rowHeaders.append(("EV per trade", .right)) }
            var rows = MarkdownTable(rowHeaders)
            for configuration in all {
                for row in configuration.sweep.rows {
                    var cells = [configuration.votes(row).map { Self.kOfN($0, modelNames.count) } ?? t(row.threshold), configuration.name, Cell.count(row.counts.predictedPositives), Cell.percent(row.positiveRate),
                                 Cell.fixed(row.precision), Cell.fixed(row.recall), Cell.fixed(row.f1)]
                    if payoff != nil { cells.append(Self.signedPercent(row.expectedValue ?? .nan)) }
                    rows.append(cells)
                }
            }
            md += "<details><summary>Every threshold of every configuration</summary>\n\n" + rows.markdown + "\n</details>\n\n"
        }

        var figures: [Figure] = []
        for (name, chart, alt) in charts(roles: roles) where parts.contains(where: { $0.rawValue == name }) {
            let (link, figure) = try context.chart(name, chart, alt: alt)
            md += link + "\n\n"
            figures.append(figure)
        }
        if md.hasSuffix("\n\n") { md.removeLast() }
        return (md, figures)
    }

    /// A sentence naming configurations whose best rows have the same confusion counts (and so
    /// the same figures), so that equal figures do not read as a copy error; empty when none do.
    func coincidenceNote(_ all: [Configuration]) -> String {
        var groups: [[Int]] = []
        var seen = Set<Int>()
        for i in all.indices where !seen.contains(i) {
            guard let row = all[i].best else { continue }
            let group = all.indices.filter { j in j >= i && all[j].best.map { $0.counts == row.counts } == true }
            if group.count > 1 { groups.append(group); seen.formUnion(group) }
        }
        guard !groups.isEmpty else { return "" }
        let sentences = groups.map { group -> String in
            let names = group.map { MarkdownText.code(all[$0].name) }
            return "\(names.dropLast().joined(separator: ", ")) and \(names.last!) make exactly the same calls at their best (the same signals, so the same precision, recall and F1)"
        }
        return "Not a copy error: " + sentences.joined(separator: "; ") + ".\n\n"
    }

    /// Below this many signals a point of the expected-value chart is hollow: `min_signals`
    /// when it is larger, else 30.
    var fewSignals: Int { max(minimumSignals, 30) }

    /// `+1.23%`, `−0.40%`; `–` for NaN.
    static func signedPercent(_ x: Double) -> String {
        EvaluationReport.signedPercent(x)
    }

    // MARK: Charts

    /// The colour of configuration `i`: the Okabe-Ito series without the pale yellow, which
    /// a dashed ensemble line would make hard to see.
    static func color(_ i: Int) -> ChartColor {
        let palette: [ChartColor] = [.orange, .skyBlue, .bluishGreen, .blue, .vermillion, .reddishPurple, .black, .yellow]
        return palette[i % palette.count]
    }

    func charts(roles: Roles) -> [(String, any ValidatedChart, String)] {
        let all = configurations
        let grid = sweep.thresholds
        let decimals = ThresholdDecimals.of(grid)
        // The reference threshold is drawn only when the grid spans it.
        let showsReference = (grid.first ?? 0) <= reference && reference <= (grid.last ?? 1)
        let subtitle = "\(display)\(selectionText), \(Cell.count(labels.count)) rows"
            + (showsReference ? "; grey dashed rule: threshold \(Cell.fixed(reference, decimals))" : "")
        func style(_ configuration: Configuration) -> LineStyle { configuration.ensemble == nil ? .solid : .dashed }
        let referenceRules = showsReference ? [ChartRule.vertical(at: reference, label: "", color: .gray)] : []
        var charts: [(String, any ValidatedChart, String)] = []

        // Charts over the probability threshold leave votes out (k of n is no probability;
        // the vote table by k shows them); colours stay those of the configuration.
        let onGrid = all.enumerated().filter { !$0.element.isVote }
        let voteNote = onGrid.count < all.count ? "; votes (k of n) in their own table" : ""

        // F1 by threshold, every configuration.
        let f1 = LineChart(
            title: "F1 by threshold", subtitle: subtitle + voteNote,
            xAxis: Axis(title: "Threshold"), yAxis: Axis(title: "F1", includesZero: true),
            series: onGrid.map { i, c in
                LineSeries(name: c.name, x: grid, y: c.sweep.rows.map(\.f1), color: Self.color(i), style: style(c))
            },
            markers: onGrid.compactMap { i, c in c.best.map { ChartMarker(x: $0.threshold, y: $0.f1, color: Self.color(i)) } },
            rules: referenceRules)
        charts.append(("f1", f1, "F1 by threshold of \(onGrid.map(\.element.name).joined(separator: ", "))"))

        // Precision, recall, F1 and positive rate, one panel per configuration.
        let panels = onGrid.map(\.element).map { c -> LineChart in
            var rules = referenceRules
            if let best = c.best { rules.append(.vertical(at: best.threshold, label: "best \(Cell.fixed(best.threshold, decimals))", color: .black)) }
            return LineChart(
                title: c.ensemble == nil ? c.name : "\(c.name) (ensemble)",
                xAxis: Axis(range: (grid.first ?? 0)...max((grid.last ?? 1), (grid.first ?? 0) + 0.01)),
                yAxis: Axis(range: 0...1),
                series: [
                    LineSeries(name: "precision", x: grid, y: c.sweep.rows.map(\.precision), color: .blue),
                    LineSeries(name: "recall", x: grid, y: c.sweep.rows.map(\.recall), color: .orange),
                    LineSeries(name: "F1", x: grid, y: c.sweep.rows.map(\.f1), color: .black),
                    LineSeries(name: "positive rate", x: grid, y: c.sweep.rows.map(\.positiveRate), color: .gray, style: .dotted),
                ],
                rules: rules)
        }
        let grid3 = SmallMultiples(title: "Precision, recall and F1 by threshold", subtitle: subtitle, panels: panels,
                                   columns: min(3, max(1, panels.count)), xAxisTitle: "Threshold", yAxisTitle: "Share")
        charts.append(("metrics", grid3, "Precision, recall, F1 and positive rate by threshold, one panel per configuration"))

        // Expected value per trade.
        if payoff != nil {
            let ev = LineChart(
                title: "Expected value per trade by threshold", subtitle: "\(display)\(selectionText); above 0: a trade pays off on average\(voteNote)",
                xAxis: Axis(title: "Threshold"), yAxis: Axis(title: "Expected value per trade", format: .percent, includesZero: true),
                series: onGrid.map { i, c in
                    LineSeries(name: c.name, x: grid, y: c.sweep.rows.map { $0.expectedValue ?? .nan }, color: Self.color(i), style: style(c))
                },
                // A ring on every point from fewer than `fewSignals` signals, so that an EV from a
                // handful of trades does not read as a finding; the best is a dot.
                markers: onGrid.flatMap { i, c in
                    c.sweep.rows.compactMap { row -> ChartMarker? in
                        guard let ev = row.expectedValue, ev.isFinite, row.counts.predictedPositives < fewSignals else { return nil }
                        return .support(x: row.threshold, y: ev, count: row.counts.predictedPositives, minimum: fewSignals, color: Self.color(i))
                    }
                } + onGrid.compactMap { i, c in
                    c.best.flatMap { row in row.expectedValue.map { ChartMarker(x: row.threshold, y: $0, color: Self.color(i)) } }
                },
                rules: [.horizontal(at: 0, label: "break-even", color: .gray)] + referenceRules)
            var chart = ev
            chart.hollowMarkerLabel = "fewer than \(Cell.count(fewSignals)) signals"
            charts.append(("ev", chart, "Expected value per trade by threshold; hollow points rest on fewer than \(fewSignals) signals"))
        }

        // Precision-recall curves with the chosen points.
        var markers: [ChartMarker] = []
        func point(_ i: Int) -> SweepRow? {
            guard let row = roles.fixedThreshold(of: i) != nil ? roleRow(i, roles: roles) : all[i].best, row.counts.predictedPositives > 0 else { return nil }
            return row
        }
        // A primary and a backup at nearly the same point share one label.
        var together = false
        if let p = roles.primary, let b = roles.backup, let rp = point(p), let rb = point(b) {
            together = Swift.abs(rp.recall - rb.recall) < 0.03 && Swift.abs(rp.precision - rb.precision) < 0.03
        }
        for (i, c) in all.enumerated() {
            guard let row = point(i) else { continue }
            var label = ""
            if i == roles.primary {
                label = "\(roles.primaryLabel(objectiveShortTitle)): \(c.name)"
                    + (together ? ", \(roles.backupLabel): \(roles.backup.map { all[$0].name } ?? "")" : "")
            }
            if i == roles.backup, !together { label = "\(roles.backupLabel): \(c.name)" }
            markers.append(ChartMarker(x: row.recall, y: row.precision, label: label, color: Self.color(i)))
        }
        var rules: [ChartRule] = []
        if let breakEven = breakEvenPrecision {
            rules.append(.horizontal(at: breakEven, label: "break-even precision \(Cell.percent(breakEven, 1))", color: .black))
        }
        switch objective {
        case .recallAtPrecision(let p): rules.append(.horizontal(at: p, label: "precision \(Cell.fixed(p, 2))", color: .gray))
        case .precisionAtRecall(let r): rules.append(.vertical(at: r, label: "recall \(Cell.fixed(r, 2))", color: .gray))
        default: break
        }
        // The base rate goes unlabelled (the subtitle names it): the primary and backup labels
        // sit near the curves' right end, where its label would be.
        if !labels.isSingleClass {
            rules.append(.horizontal(at: positiveRate, color: .gray, style: .dotted))
        }
        let pr = LineChart(
            title: "Precision-recall curves and the chosen thresholds",
            subtitle: "\(display)\(selectionText); dots: \(roles.primaryThreshold != nil || roles.backupThreshold != nil ? "chosen" : "best") thresholds"
                + (labels.isSingleClass ? "" : "; dotted: base rate \(Cell.percent(positiveRate, 1))"),
            xAxis: Axis(title: "Recall", range: 0...1), yAxis: Axis(title: "Precision", range: 0...1),
            series: all.enumerated().map { i, c in
                // Without scikit-learn's closing point (recall 0, precision 1), which is no
                // threshold; a vote has a few operating points only, joined by a dotted guide.
                let curve = c.ranking.precisionRecallCurve(dropIntermediate: true)
                let isVote = { if case .majorityVote? = c.ensemble?.method { return true }; return false }()
                return LineSeries(name: c.name, x: Array(curve.recall.dropLast()), y: Array(curve.precision.dropLast()),
                                  color: Self.color(i), style: isVote ? .dotted : style(c),
                                  lineWidth: c.ensemble == nil ? 1.5 : 2, interpolation: isVote ? .linear : .stepBefore)
            },
            markers: markers, rules: rules)
        charts.append(("pr", pr, "Precision-recall curves with each configuration's best threshold"))
        return charts
    }
}
