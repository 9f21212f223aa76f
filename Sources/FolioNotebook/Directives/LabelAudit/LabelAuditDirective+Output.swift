import FolioCharts
import FolioCompute
import Foundation

extension LabelAuditDirective {
    func output(_ audit: Audit, context: DirectiveContext) throws(DirectiveError) -> DirectiveOutput {
        let comparison = audit.comparison!, screen = audit.screen!
        let display = context.displayPath(selection.url)
        var result = JSONObject()
        result["rows"] = .int(audit.frame.rowCount)
        result["definition"] = ["up": .double(spec.up), "down": .double(spec.down), "horizon": .int(spec.horizon), "source": "close"]

        // Mismatches.
        var mismatches = JSONObject()
        mismatches["count"] = .int(comparison.mismatches.count)
        mismatches["compared"] = .int(comparison.compared)
        mismatches["agreement"] = .double(comparison.agreement)
        mismatches["no_bar"] = .int(comparison.noBar)
        mismatches["incomplete_window"] = .int(comparison.incompleteWindow)
        mismatches["invalid_stored"] = .int(comparison.invalidStored)
        mismatches["stored_positive_rate"] = .double(Self.rate(comparison.storedPositives, comparison.compared))
        mismatches["recomputed_positive_rate"] = .double(Self.rate(comparison.recomputedPositives, comparison.compared))
        mismatches["by_split"] = .object(JSONObject(zip(audit.groups.names, audit.splitComparisons).map { name, c in
            (name, .object(JSONObject([("rows", .int(c.compared + c.noBar + c.incompleteWindow + c.invalidStored)), ("compared", .int(c.compared)),
                                       ("count", .int(c.mismatches.count)), ("agreement", .double(c.agreement))])))
        }))
        let listed = Array(comparison.mismatches.prefix(listCount))
        mismatches["rows"] = .array(listed.map { rowObject(audit, $0) })
        result["mismatches"] = .object(mismatches)

        // Look-ahead.
        let timestampsPass = audit.positions.missingBars == 0 && audit.positions.unknownSymbols == 0
        let best = audit.shifts.filter { $0.comparison.compared > 0 }.max { a, b in
            a.comparison.agreement != b.comparison.agreement ? a.comparison.agreement < b.comparison.agreement : abs(a.shift) > abs(b.shift)
        }
        let windowPass = best?.shift == 0
        let featuresPass = screen.flagged.isEmpty
        var lookahead = JSONObject()
        lookahead["pass"] = .bool(timestampsPass && windowPass && featuresPass)
        let timestampDetails = timestampsPass
            ? "all \(Cell.count(audit.positions.count)) rows have a bar at their timestamp"
            : "\(Cell.count(audit.positions.missingBars)) rows have no bar at their timestamp" + (audit.positions.unknownSymbols > 0 ? " and \(Cell.count(audit.positions.unknownSymbols)) rows a symbol without bars" : "")
        lookahead["timestamps"] = .object(JSONObject([
            ("pass", .bool(timestampsPass)), ("checked", .int(audit.positions.count)), ("missing_bars", .int(audit.positions.missingBars)),
            ("unknown_symbols", .int(audit.positions.unknownSymbols)), ("details", .string(timestampDetails)),
        ]))
        let shiftText = audit.shifts.map { "\($0.shift > 0 ? "+" : "")\($0.shift): \(Cell.percent($0.comparison.agreement, 1))" }.joined(separator: ", ")
        let windowDetails: String
        if let best {
            windowDetails = windowPass
                ? "stored labels agree best (\(Cell.percent(best.comparison.agreement, 2))) with windows starting on the bar after the row; agreement by shift in bars: \(shiftText)"
                : "stored labels agree best (\(Cell.percent(best.comparison.agreement, 2))) with windows shifted by \(best.shift) bar\(abs(best.shift) == 1 ? "" : "s")" + (best.shift < 0 ? ", so they use bars the features also see" : ", not the bars right after the row") + "; agreement by shift: \(shiftText)"
        } else {
            windowDetails = "no row could be recomputed"
        }
        lookahead["label_window"] = .object(JSONObject([
            ("pass", .bool(windowPass)), ("best_shift", best.map { .int($0.shift) } ?? .null),
            ("shifts", .array(audit.shifts.map { .object(JSONObject([("shift", .int($0.shift)), ("agreement", .double($0.comparison.agreement)), ("compared", .int($0.comparison.compared))])) })),
            ("details", .string(windowDetails)),
        ]))
        let ranked = screen.rows.sorted { abs($0.partial.isNaN ? 0 : $0.partial) > abs($1.partial.isNaN ? 0 : $1.partial) }
        let featureDetails: String
        if let top = ranked.first, top.partial.isFinite {
            featureDetails = featuresPass
                ? "no feature's partial correlation with the next \(spec.horizon) bars' return, given the previous \(spec.horizon) bars' return, reaches \(Cell.fixed(screen.threshold, 2)); the largest is \(Self.signed(top.partial)) (\(top.name))"
                : "flagged: " + screen.rows.filter(\.flagged).map { "\($0.name) (\(Self.signed($0.partial)))" }.joined(separator: ", ") + " reach |partial r| ≥ \(Cell.fixed(screen.threshold, 2))"
        } else {
            featureDetails = "no numeric feature to screen"
        }
        lookahead["features"] = .object(JSONObject([
            ("pass", .bool(featuresPass)), ("flagged", .strings(screen.flagged)), ("threshold", .double(screen.threshold)),
            ("return_autocorrelation", .double(screen.returnAutocorrelation)),
            ("rows", .object(JSONObject(screen.rows.map { r in
                (r.name, .object(JSONObject([("future", .double(r.future)), ("past", .double(r.past)), ("partial", .double(r.partial)),
                                             ("count", .int(r.count)), ("flagged", .bool(r.flagged))])))
            }))),
            ("details", .string(featureDetails)),
        ]))
        result["lookahead"] = .object(lookahead)

        // Labels as trades.
        let trades = audit.trades!
        func tradeObject(_ c: TradeComparison.Counts) -> JSONObject {
            JSONObject([("compared", .int(c.compared)), ("agreement", .double(c.agreement)), ("win_rate_given_label_1", .double(c.winGivenOne)),
                        ("win_rate_given_label_0", .double(c.winGivenZero)), ("label_rate", .double(c.labelRate)), ("trade_rate", .double(c.tradeRate))])
        }
        var tradeable = tradeObject(trades.all)
        tradeable["by_split"] = .object(JSONObject(zip(audit.groups.names, trades.groups).map { ($0, .object(tradeObject($1))) }))
        result["tradeable"] = .object(tradeable)

        // Samples and targets.
        result["samples"] = .object(JSONObject(zip(audit.groups.names, audit.samples).map { ($0, .array($1.map { rowObject(audit, $0) })) }))
        result["targets"] = .array(audit.targets.map(targetObject))

        // Markdown.
        var md = "Audited \(Cell.count(audit.frame.rowCount)) rows of \(MarkdownText.code(display))\(selection.filter.map { " where \($0.summary)" } ?? "") against \(MarkdownText.code(context.displayPath(bars.url))): "
        md += "label 1 when a close within the next \(spec.horizon) bars reaches +\(Self.pct(spec.up)) of the row's close before one reaches −\(Self.pct(spec.down)).\n\n"
        md += "**Labels.** \(Cell.count(comparison.agreeing)) of \(Cell.count(comparison.compared)) comparable rows agree with the recomputed label (\(Cell.percent(comparison.agreement, 2))); "
        md += comparison.mismatches.isEmpty ? "there is no mismatch." : "**\(Cell.count(comparison.mismatches.count)) differ**."
        var notCompared: [String] = []
        if comparison.noBar > 0 { notCompared.append("\(Cell.count(comparison.noBar)) have no bar at their timestamp") }
        if comparison.incompleteWindow > 0 { notCompared.append("\(Cell.count(comparison.incompleteWindow)) have a window that runs past the data") }
        if comparison.invalidStored > 0 { notCompared.append("\(Cell.count(comparison.invalidStored)) have no stored label") }
        md += notCompared.isEmpty ? "\n\n" : " Not compared: " + notCompared.joined(separator: ", ") + ".\n\n"
        var splitTable = MarkdownTable([(splitColumnTitle(audit), .left), ("rows", .right), ("compared", .right), ("mismatches", .right),
                                        ("stored positive rate", .right), ("recomputed positive rate", .right)])
        for (name, c) in zip(audit.groups.names, audit.splitComparisons) {
            splitTable.append([name, Cell.count(c.compared + c.noBar + c.incompleteWindow + c.invalidStored), Cell.count(c.compared), Cell.count(c.mismatches.count),
                               Cell.percent(Self.rate(c.storedPositives, c.compared), 2), Cell.percent(Self.rate(c.recomputedPositives, c.compared), 2)])
        }
        md += splitTable.markdown + "\n"
        if !listed.isEmpty {
            md += "Mismatched rows\(comparison.mismatches.count > listed.count ? " (the first \(listed.count) of \(Cell.count(comparison.mismatches.count)))" : ""):\n\n"
            md += rowTable(audit, listed).markdown + "\n"
        }

        md += "**Labels as trades.** Traded as the backtest trades a signal — entry at the next bar's open, +\(Self.pct(spec.up)) / −\(Self.pct(spec.down)) tested on highs and lows, the stop first when a bar touches both — "
        md += "\(Cell.percent(trades.all.winGivenOne, 1)) of the rows labelled 1 reach the take-profit first, and \(Cell.percent(trades.all.winGivenZero, 1)) of the rows labelled 0 do; "
        md += "labels and trades agree on \(Cell.percent(trades.all.agreement, 1)) of \(Cell.count(trades.all.compared)) rows.\n\n"
        var tradeTable = MarkdownTable([(splitColumnTitle(audit), .left), ("rows", .right), ("label = 1", .right), ("trade reaches +\(Self.pct(spec.up)) first", .right),
                                        ("…given label 1", .right), ("…given label 0", .right)])
        for (name, c) in zip(audit.groups.names, trades.groups) {
            tradeTable.append([name, Cell.count(c.compared), Cell.percent(c.labelRate, 2), Cell.percent(c.tradeRate, 2), Cell.percent(c.winGivenOne, 1), Cell.percent(c.winGivenZero, 1)])
        }
        md += tradeTable.markdown + "\n"

        var checks = MarkdownTable([("look-ahead check", .left), ("result", .left), ("details", .left)])
        checks.append(["every row has a bar at its timestamp", Self.verdict(timestampsPass), timestampDetails])
        checks.append(["labels use only bars after the row", Self.verdict(windowPass), windowDetails])
        checks.append(["no feature knows the future return", Self.verdict(featuresPass), featureDetails])
        md += checks.markdown + "\n"
        md += "<details><summary>Feature screen: correlation with the next and previous \(spec.horizon) bars' log return</summary>\n\n"
        var features = MarkdownTable([("feature", .left), ("r(future)", .right), ("r(past)", .right), ("partial r(future | past)", .right), ("rows", .right), ("flagged", .left)])
        for r in ranked {
            features.append([r.name, Cell.fixed(r.future, 4), Cell.fixed(r.past, 4), Cell.fixed(r.partial, 4), Cell.count(r.count), r.flagged ? "**yes**" : ""])
        }
        md += features.markdown
        md += "\nThe returns' own correlation (past with future) is \(Cell.fixed(screen.returnAutocorrelation, 4)). A feature is flagged when |partial r| ≥ \(Cell.fixed(screen.threshold, 2)).\n\n</details>\n\n"

        // Sampled paths.
        var figures: [Figure] = []
        for (k, name) in audit.groups.names.enumerated() where !audit.samples[k].isEmpty {
            let rows = audit.samples[k]
            let grid = samplesChart(audit, rows: rows, split: name)
            let (link, figure) = try context.chart("paths-\(name)", grid, alt: "Price paths of \(rows.count) sampled \(name) rows with their barriers")
            figures.append(figure)
            var outcomes: [BarrierOutcome: Int] = [:]
            for i in rows {
                if let hit = audit.series[Int(audit.positions.series[i])].labelTouch(at: Int(audit.positions.bar[i]), spec: spec) { outcomes[hit.outcome, default: 0] += 1 }
            }
            let agree = rows.filter { Double(audit.recomputed[$0]) == audit.stored[$0] }.count
            func verb(_ n: Int, _ singular: String, _ plural: String) -> String { "\(n) \(n == 1 ? singular : plural)" }
            md += "**Sampled \(name) rows** (\(rows.count), seeded): \(verb(outcomes[.upper] ?? 0, "reaches", "reach")) +\(Self.pct(spec.up)) first, "
            md += "\(verb(outcomes[.lower] ?? 0, "reaches", "reach")) −\(Self.pct(spec.down)) first, \(verb(outcomes[.horizon] ?? 0, "touches", "touch")) neither within \(spec.horizon) bars; "
            md += "\(agree) of \(rows.count) stored labels match the path.\n\n"
            md += link + "\n\n"
            md += "<details><summary>The sampled \(name) rows</summary>\n\n" + rowTable(audit, rows).markdown + "\n</details>\n\n"
        }

        // Targets.
        md += "**Alternative targets** (stop −\(Self.pct(spec.down)), \(spec.horizon) bars; the first row is the current label):\n\n"
        var rates = MarkdownTable([("take-profit", .left), ("break-even precision", .right)] + audit.groups.names.map { ("positive rate, \($0)", .right) })
        for t in audit.targets {
            rates.append(["+\(Self.pct(t.up))\(t.up == spec.up ? " (current)" : "")", Cell.percent(spec.down / (t.up + spec.down), 1)]
                         + t.splitRates.map { Cell.percent(Self.rate($0.positives, $0.rows), 2) })
        }
        md += rates.markdown + "\n"
        if let first = audit.targets.first, !first.models.isEmpty {
            let splits = first.models[0].splits.map(\.split)
            var headers: [(String, MarkdownTable.Alignment)] = [("take-profit", .left), ("model", .left)]
            for s in splits { headers += [("\(s) precision", .right), ("\(s) recall", .right), ("\(s) F1", .right)] }
            var scores = MarkdownTable(headers)
            var anyAtBreakEven = false
            for t in audit.targets {
                for m in t.models {
                    var row = ["+\(Self.pct(t.up))", "\(m.model) ≥ \(Cell.fixed(m.threshold, 2))"]
                    for (_, c) in m.splits {
                        let edge = c.predictedPositives > 0 && c.precision >= spec.down / (t.up + spec.down)
                        anyAtBreakEven = anyAtBreakEven || edge
                        row += [Cell.marked(Cell.fixed(c.precision, 3), edge), Cell.fixed(c.recall, 3), Cell.fixed(c.f1, 3)]
                    }
                    scores.append(row)
                }
            }
            md += "Precision, recall and F1 of the predictions against labels recomputed with each target (\(Self.breakEvenLegend(anyAtBreakEven))):\n\n"
            md += scores.markdown + "\n"
        }
        if let resweep, let first = audit.targets.first, let model = first.reswept.first {
            let splits = model.splits.map(\.split)
            var headers: [(String, MarkdownTable.Alignment)] = [("take-profit", .left), ("break-even", .right), ("model", .left), ("threshold", .right)]
            for s in splits { headers += [("\(s) signals", .right), ("\(s) precision", .right), ("\(s) EV per trade", .right)] }
            var table = MarkdownTable(headers)
            var resweptAtBreakEven = false
            for t in audit.targets {
                let breakEven = spec.down / (t.up + spec.down)
                let payoff = TradePayoff(win: t.up, loss: spec.down)
                for m in t.reswept {
                    var row = ["+\(Self.pct(t.up))", Cell.percent(breakEven, 1), m.model, m.threshold.map { Cell.fixed($0, 2) } ?? "none qualifies"]
                    for (_, c) in m.splits {
                        guard m.threshold != nil, c.predictedPositives > 0 else { row += [Cell.count(c.predictedPositives), "–", "–"]; continue }
                        resweptAtBreakEven = resweptAtBreakEven || c.precision >= breakEven
                        row += [Cell.count(c.predictedPositives), Cell.marked(Cell.fixed(c.precision, 3), c.precision >= breakEven),
                                Self.signedPercent(payoff.expectedValue(precision: c.precision))]
                    }
                    table.append(row)
                }
            }
            md += "Thresholds re-chosen for each target on \(resweep.on): the best expected value per trade at that target's payoff (+take-profit / −\(Self.pct(spec.down)), before costs) among thresholds 0.05 to 0.80 with at least \(Cell.count(resweep.minSignals)) signals on \(resweep.on), then applied to every split (\(Self.breakEvenLegend(resweptAtBreakEven))):\n\n"
            md += table.markdown + "\n"
        }
        return DirectiveOutput(result: .object(result), markdown: md, figures: figures)
    }

    // MARK: - Pieces

    /// The legend of a table that bolds precisions at break-even, or, when none is, says so
    /// instead of promising bold cells that never appear.
    static func breakEvenLegend(_ anyBold: Bool) -> String {
        anyBold ? "bold: precision at or above the target's break-even" : "no precision reaches its target's break-even"
    }

    func splitColumnTitle(_ audit: Audit) -> String {
        audit.groups.isSplit ? splitColumn.name : "rows"
    }

    /// A row's audit record: its key, the stored and recomputed labels, and how the walk ended.
    func rowObject(_ audit: Audit, _ i: Int) -> JSONValue {
        var o = JSONObject()
        o["timestamp"] = .string(TimestampParser.string(from: audit.times[i]))
        o["symbol"] = .string(audit.symbols[i] ?? "")
        if let split = splitValue(audit, i) { o["split"] = .string(split) }
        o["stored"] = audit.stored[i].isNaN ? .null : .int(Int(audit.stored[i]))
        o["recomputed"] = audit.recomputed[i] < 0 ? .null : .int(Int(audit.recomputed[i]))
        if let hit = touch(audit, i) {
            o["outcome"] = .string(hit.outcome.rawValue)
            o["bars"] = .int(hit.index - Int(audit.positions.bar[i]))
        }
        return .object(o)
    }

    func splitValue(_ audit: Audit, _ i: Int) -> String? {
        audit.groups.isSplit ? audit.groups.names[audit.groups.groupOfRow[i]] : nil
    }

    func touch(_ audit: Audit, _ i: Int) -> BarrierHit? {
        let s = Int(audit.positions.series[i]), b = Int(audit.positions.bar[i])
        guard s >= 0, b >= 0 else { return nil }
        return audit.series[s].labelTouch(at: b, spec: spec)
    }

    static let outcomeNames: [BarrierOutcome: String] = [.upper: "take-profit", .lower: "stop", .horizon: "neither", .endOfData: "end of data"]

    func rowTable(_ audit: Audit, _ rows: [Int]) -> MarkdownTable {
        var table = MarkdownTable([("timestamp", .left), ("symbol", .left), ("split", .left), ("stored", .right), ("recomputed", .right),
                                   ("first touch", .left), ("after bars", .right), ("return at touch", .right)])
        for i in rows {
            let hit = touch(audit, i)
            let s = Int(audit.positions.series[i]), b = Int(audit.positions.bar[i])
            let r = hit.map { audit.series[s].close[$0.index] / audit.series[s].close[b] - 1 }
            table.append([TimestampParser.string(from: audit.times[i]), audit.symbols[i] ?? "", splitValue(audit, i) ?? "",
                          audit.stored[i].isNaN ? "–" : "\(Int(audit.stored[i]))", audit.recomputed[i] < 0 ? "–" : "\(audit.recomputed[i])",
                          hit.map { Self.outcomeNames[$0.outcome] ?? $0.outcome.rawValue } ?? "no bar",
                          hit.map { "\($0.index - b)" } ?? "", r.map { Cell.percent($0, 2) } ?? ""])
        }
        return table
    }

    /// The width of a page's text column: the sampled-path grids use at most as many
    /// columns of `panelSize` as fit in it, so they show at their own size, text legible.
    static let pageWidth = 960.0
    static let panelSize = (width: 225.0, height: 150.0)

    func samplesChart(_ audit: Audit, rows: [Int], split: String) -> SmallMultiples {
        var panels: [LineChart] = []
        var lo = -spec.down * 1.5, hi = spec.up * 1.2
        var paths: [[Double]] = []
        for i in rows {
            let series = audit.series[Int(audit.positions.series[i])], t = Int(audit.positions.bar[i])
            let end = min(t + spec.horizon, series.count - 1)
            let path = (t...end).map { series.close[$0] / series.close[t] - 1 }
            for y in path { lo = min(lo, y); hi = max(hi, y) }
            paths.append(path)
        }
        let pad = (hi - lo) * 0.05
        for (i, path) in zip(rows, paths) {
            let hit = touch(audit, i)
            var markers: [ChartMarker] = []
            if let hit {
                let k = hit.index - Int(audit.positions.bar[i])
                let (label, color): (String, ChartColor) = switch hit.outcome {
                case .upper: ("+\(Self.pct(spec.up))", .bluishGreen)
                case .lower: ("−\(Self.pct(spec.down))", .vermillion)
                case .horizon: ("\(spec.horizon) bars", .gray)
                case .endOfData: ("end", .gray)
                }
                if k >= 0, k < path.count { markers.append(ChartMarker(x: Double(k), y: path[k], label: label, color: color)) }
            }
            let stored = audit.stored[i].isNaN ? "–" : "\(Int(audit.stored[i]))"
            let mismatch = audit.recomputed[i] >= 0 && Double(audit.recomputed[i]) != audit.stored[i] ? " ≠ bars \(audit.recomputed[i])" : ""
            let time = TimestampParser.string(from: audit.times[i])
            panels.append(LineChart(
                title: "\(audit.symbols[i] ?? "") \(time.prefix(10)) \(time.dropFirst(11).prefix(5)) · label \(stored)\(mismatch)",
                xAxis: Axis(range: 0...Double(spec.horizon)), yAxis: Axis(range: (lo - pad)...(hi + pad), format: .percent),
                series: [LineSeries(name: "close / row's close − 1", y: path, color: .black, lineWidth: 1.5)],
                markers: markers,
                rules: [.horizontal(at: spec.up, label: "", color: .bluishGreen), .horizontal(at: -spec.down, label: "", color: .vermillion),
                        .horizontal(at: 0, color: .gray, style: .dotted)]))
        }
        return SmallMultiples(title: "Sampled \(split) rows: price path over the label window",
                              subtitle: "green: +\(Self.pct(spec.up)) barrier, red: −\(Self.pct(spec.down)) barrier; the marker shows where the label's walk ended",
                              panels: panels, columns: columns, panelWidth: Self.panelSize.width, panelHeight: Self.panelSize.height,
                              xAxisTitle: "Bars after the row", yAxisTitle: "Close relative to the row's close", maxWidth: Self.pageWidth)
    }

    func targetObject(_ t: TargetResult) -> JSONValue {
        var o = JSONObject()
        o["up"] = .double(t.up)
        o["down"] = .double(spec.down)
        o["horizon"] = .int(spec.horizon)
        o["current"] = .bool(t.up == spec.up)
        o["break_even_precision"] = .double(spec.down / (t.up + spec.down))
        o["splits"] = .object(JSONObject(t.splitRates.map { s in
            (s.split, .object(JSONObject([("rows", .int(s.rows)), ("positives", .int(s.positives)), ("positive_rate", .double(Self.rate(s.positives, s.rows)))])))
        }))
        if !t.models.isEmpty {
            let breakEven = spec.down / (t.up + spec.down)
            let pairs = t.models.flatMap(\.splits).filter { $0.counts.predictedPositives > 0 }
            o["pairs"] = .int(pairs.count)
            o["above_break_even"] = .int(pairs.filter { $0.counts.precision >= breakEven }.count)
            if let resweep, !t.reswept.isEmpty {
                let reswept = t.reswept.flatMap { m in m.threshold == nil ? [] : m.splits.filter { $0.counts.predictedPositives > 0 } }
                o["resweep"] = .object(JSONObject([
                    ("on", .string(resweep.on)), ("min_signals", .int(resweep.minSignals)),
                    ("pairs", .int(reswept.count)),
                    ("above_break_even", .int(reswept.filter { $0.counts.precision >= breakEven }.count)),
                    ("above_break_even_outside", .int(reswept.filter { $0.split != resweep.on && $0.counts.precision >= breakEven }.count)),
                    ("models", .object(JSONObject(t.reswept.map { m in
                        var model = JSONObject()
                        model["threshold"] = m.threshold.map(JSONValue.double) ?? .null
                        for s in m.splits {
                            model[s.split] = .object(JSONObject([
                                ("signals", .int(s.counts.predictedPositives)),
                                ("precision", .double(s.counts.predictedPositives > 0 ? s.counts.precision : .nan)),
                                ("expected_value", .double(s.counts.predictedPositives > 0
                                    ? TradePayoff(win: t.up, loss: spec.down).expectedValue(precision: s.counts.precision) : .nan)),
                            ]))
                        }
                        return (m.model, .object(model))
                    }))),
                ]))
            }
            o["models"] = .object(JSONObject(t.models.map { m in
                (m.model, .object(JSONObject(m.splits.map { s in
                    (s.split, .object(JSONObject([
                        ("precision", .double(s.counts.precision)), ("recall", .double(s.counts.recall)), ("f1", .double(s.counts.f1)),
                        ("predicted_positive_rate", .double(s.counts.count == 0 ? .nan : s.counts.positiveRate)),
                        ("rows", .int(s.counts.count)), ("threshold", .double(m.threshold)),
                    ])))
                })))
            }))
        }
        return .object(o)
    }

    static func rate(_ count: Int, _ total: Int) -> Double { total == 0 ? .nan : Double(count) / Double(total) }

    static func verdict(_ pass: Bool) -> String { pass ? "pass" : "**FAIL**" }

    /// A signed percentage with two decimals (`+0.12%`, `−0.49%`).
    static func signedPercent(_ x: Double) -> String {
        x.isFinite ? (x < 0 ? "−" : "+") + Cell.percent(abs(x), 2) : "–"
    }

    static func signed(_ x: Double) -> String { x.isFinite ? (x < 0 ? "−" : "+") + Cell.fixed(abs(x), 3) : "–" }

    static func pct(_ fraction: Double) -> String { BacktestDirective.pct(fraction) }
}
