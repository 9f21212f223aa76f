/// Whether larger or smaller values of a metric are better.
public enum MLflowMetricGoal: String, Sendable, Hashable, CaseIterable, Codable {
    /// Larger is better (F1, AUC).
    case maximize
    /// Smaller is better (loss).
    case minimize
}

/// Which step of a run stands for the run.
public enum MLflowStepSelection: String, Sendable, Hashable, CaseIterable, Codable {
    /// The step where the metric is best (the largest or smallest value; the earliest
    /// step on ties; NaN values are skipped), as an early-stopping checkpoint would be
    /// chosen.
    case best
    /// The last step, as MLflow reports a run's metric (largest step, then latest
    /// timestamp).
    case last
}

/// A run seen through one metric at one chosen step.
public struct MLflowRunSummary: Sendable, Hashable {
    /// The run.
    public var run: MLflowRun
    /// The metric key.
    public var metric: String
    /// The chosen step.
    public var step: Int64
    /// The metric's value at that step.
    public var value: Double
    /// Every metric's value at that step (see `MLflowRun.values(atStep:)`).
    public var metricsAtStep: [String: Double]

    /// The summary of `run` for `metric`, or `nil` when the run has no usable value.
    ///
    /// - Complexity: O(points of all metrics of the run).
    public init?(run: MLflowRun, metric: String, goal: MLflowMetricGoal, selection: MLflowStepSelection) {
        guard let points = run.metrics[metric], !points.isEmpty else { return nil }
        // One point per step: the latest logged at that step.
        var perStep: [Int64: MLflowMetricPoint] = [:]
        for point in points {
            if let current = perStep[point.step], !MLflowMetricPoint.isBefore(current, point) { continue }
            perStep[point.step] = point
        }
        let steps = perStep.keys.sorted()
        var chosen: MLflowMetricPoint?
        switch selection {
        case .last:
            chosen = run.latest(metric)
        case .best:
            for step in steps {
                let point = perStep[step]!
                if point.value.isNaN { continue }
                guard let current = chosen else {
                    chosen = point
                    continue
                }
                let better = goal == .maximize ? point.value > current.value : point.value < current.value
                if better { chosen = point }
            }
        }
        guard let chosen else { return nil }
        self.run = run
        self.metric = metric
        self.step = chosen.step
        self.value = chosen.value
        self.metricsAtStep = run.values(atStep: chosen.step)
    }
}

/// Runs ranked by a metric (the `trials` directive's table): each run summarised at its
/// best or last step, best first.
///
/// Order: by value (descending to maximize, ascending to minimize; NaN last), then run
/// name, then run id, so that the ranking is deterministic.
public struct MLflowRanking: Sendable, Hashable {
    /// A group of ranked runs sharing a parameter value.
    public struct Group: Sendable, Hashable {
        /// The parameter's value, `nil` for runs without the parameter.
        public var value: String?
        /// The group's runs, best first.
        public var entries: [MLflowRunSummary]
        /// The group's best run.
        public var best: MLflowRunSummary { entries[0] }
    }

    /// The metric ranked by.
    public var metric: String
    /// Whether larger values rank first.
    public var goal: MLflowMetricGoal
    /// Which step stands for each run.
    public var selection: MLflowStepSelection
    /// The ranked runs, best first.
    public var entries: [MLflowRunSummary]
    /// Runs without a usable value of the metric, ordered by name then id.
    public var runsWithoutMetric: [MLflowRun]

    /// Ranks `runs` by `metric`.
    ///
    /// - Complexity: O(total points + runs × log runs).
    public init(runs: [MLflowRun], metric: String, goal: MLflowMetricGoal, selection: MLflowStepSelection = .best) {
        self.metric = metric
        self.goal = goal
        self.selection = selection
        var entries: [MLflowRunSummary] = []
        var missing: [MLflowRun] = []
        for run in runs {
            if let summary = MLflowRunSummary(run: run, metric: metric, goal: goal, selection: selection) {
                entries.append(summary)
            } else {
                missing.append(run)
            }
        }
        entries.sort { a, b in
            if a.value.isNaN != b.value.isNaN { return b.value.isNaN }
            if a.value != b.value && !a.value.isNaN { return goal == .maximize ? a.value > b.value : a.value < b.value }
            if a.run.runName != b.run.runName { return a.run.runName < b.run.runName }
            return a.run.runId < b.run.runId
        }
        self.entries = entries
        self.runsWithoutMetric = missing.sorted { ($0.runName, $0.runId) < ($1.runName, $1.runId) }
    }

    /// The 1-based rank of the run `runId`, or `nil` when it is not ranked.
    public func rank(of runId: String) -> Int? {
        entries.firstIndex { $0.run.runId == runId }.map { $0 + 1 }
    }

    /// The ranked runs grouped by the value of parameter `key` (for example `model_type`),
    /// groups ordered by their best run's rank.
    ///
    /// - Complexity: O(entries).
    public func grouped(byParam key: String) -> [Group] {
        var groups: [Group] = []
        var index: [String?: Int] = [:]
        for entry in entries {
            let value = entry.run.params[key]
            if let k = index[value] {
                groups[k].entries.append(entry)
            } else {
                index[value] = groups.count
                groups.append(Group(value: value, entries: [entry]))
            }
        }
        return groups
    }
}
