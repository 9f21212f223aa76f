/// The `phase3_hpo` study: 100 trials (numbers 0-99) over `mlp`, `lstm` and `gru`, with
/// per-epoch validation metrics, as the team's Phase 3 search logged them.
///
/// Three trials are the networks `folio demo-data` fits (``DemoTrainingOptions``; by default
/// trial 72 `mlp`, 62 `lstm`, 93 `gru`): their params are the hyper-parameters they were
/// trained with (plus `pos_weight`, `sequence_length` = the window, `max_epochs`,
/// `early_stopping_patience`), their metrics are their own epochs' (``DemoFit``: `val_*` on
/// every validation window at threshold 0.5, `val_loss` the weighted training criterion),
/// their best epoch by `val_f1` is the checkpoint's epoch, and their runs carry the
/// checkpoint in `artifacts/model/`. Nothing about them is fixed in advance: the plan's
/// numbers (0.355 / 0.329 / 0.334) are whatever the fits give.
///
/// The other 97 trials are simulated records: each peaks strictly below the real best
/// `val_f1` of its type (so each real trial is the best of its type, and trial 72 is the
/// best overall whenever the MLP's real `val_f1` is the highest of the three), with losses
/// scaled to the real trials' losses. Precision is derived so that F1 is consistent:
/// `P = F R / (2R - F)`. Two of them are `FAILED` after their first epoch. Types,
/// parameters, curves and run ids are drawn from the seed. Timestamps count from
/// 2024-05-20T09:00:00Z, one trial every 45 minutes.
public enum DemoHPOStudy {
    /// The experiment name.
    public static let experimentName = "phase3_hpo"
    /// The number of trials.
    public static let trialCount = 100

    /// The trials and the checkpoints of the fitted ones.
    public struct Outcome: Sendable {
        /// All trials, by number.
        public var trials: [DemoHPOTrial]
        /// The fits' checkpoints, in the order of the fits, with their run ids, logged
        /// params and best-epoch metrics filled in.
        public var checkpoints: [DemoCheckpoint]
    }

    /// Milliseconds of 2024-05-20T09:00:00Z, the start of the first trial.
    public static let baseTime: Int64 = Int64(DemoDate(year: 2024, month: 5, day: 20)!.epochHour + 9) * 3_600_000

    /// The params logged for a fitted network.
    static func loggedParams(_ spec: DemoTrainingOptions.Network, fit: DemoFit, window: Int) -> [String: String] {
        func repr(_ x: Double, _ digits: Int) -> String { DemoDecimal(x, significantDigits: digits)?.pythonRepr ?? "nan" }
        return [
            "learning_rate": repr(spec.learningRate, 6), "hidden_size": String(spec.hiddenSize),
            "num_layers": String(spec.numLayers), "dropout": repr(spec.dropout, 6), "batch_size": String(spec.batchSize),
            "weight_decay": repr(spec.weightDecay, 6), "sequence_length": String(window),
            "max_epochs": String(spec.maxEpochs), "early_stopping_patience": String(spec.patience),
            "pos_weight": repr(fit.positiveWeight, 6), "train_windows": String(fit.trainWindows),
        ]
    }

    /// The trials for a seed and the fitted networks (`fits[i]` trained with
    /// `training.networks[i]`), ordered by trial number.
    ///
    /// - Complexity: O(trials * epochs).
    public static func trials(seed: UInt64, fits: [DemoFit], training: DemoTrainingOptions) -> Outcome {
        var rng = SeededGenerator(seedString: "folio-demo/\(seed)/hpo")
        let types = ["mlp", "lstm", "gru"]
        var fitByNumber: [Int: (fit: DemoFit, spec: DemoTrainingOptions.Network)] = [:]
        for (fit, spec) in zip(fits, training.networks) { fitByNumber[spec.trialNumber] = (fit, spec) }
        // Per type: the real best val_f1 (the cap of the simulated trials), its val_loss and last train_loss.
        var capByType: [String: Double] = [:]
        var lossByType: [String: (val: Double, train: Double)] = [:]
        for fit in fits {
            let type = fit.checkpoint.kind.rawValue
            let best = fit.epochs[fit.checkpoint.epoch]
            capByType[type] = best.valF1
            lossByType[type] = (fit.epochs.map(\.valLoss).min() ?? best.valLoss, fit.epochs.last?.trainLoss ?? best.trainLoss)
        }
        // Two failed trials, not among the fitted ones.
        var failed = Set<Int>()
        while failed.count < 2 {
            let n = rng.nextInt(below: trialCount)
            if fitByNumber[n] == nil { failed.insert(n) }
        }
        var out: [DemoHPOTrial] = []
        var checkpoints = fits.map(\.checkpoint)
        for number in 0..<trialCount {
            let real = fitByNumber[number]
            let type = real?.spec.kind.rawValue ?? types[rng.nextInt(below: 3)]
            let runID = hex(rng.next()) + hex(rng.next())
            var params = real.map { loggedParams($0.spec, fit: $0.fit, window: training.window) } ?? randomParams(type: type, rng: &rng)
            params["model_type"] = type
            params["trial_number"] = String(number)
            params["optimizer"] = "adam"
            if real == nil {
                params["max_epochs"] = "10"
                params["early_stopping_patience"] = "3"
            }
            let start = baseTime + Int64(number) * 2_700_000 + Int64(rng.nextInt(below: 300)) * 1000
            let epochMillis = Int64(type == "mlp" ? 40_000 + rng.nextInt(below: 30_000) : 90_000 + rng.nextInt(below: 90_000))
            let status: DemoHPOTrial.Status = failed.contains(number) ? .failed : .finished
            var epochs: [DemoHPOTrial.Epoch] = []
            if let real {
                for e in real.fit.epochs {
                    var epoch = e
                    epoch.timestamp = start + Int64(e.step + 1) * epochMillis + Int64(rng.nextInt(below: 1000))
                    epochs.append(epoch)
                }
            } else {
                // Simulated: the peak strictly below the type's real best.
                let bestEpoch = rng.nextInt(below: 7)
                let cap = capByType[type] ?? 0.3
                let floor = Swift.min(0.17, 0.6 * cap)
                let peakF1 = DemoDecimal.rounded(floor + (cap * 0.995 - floor) * rng.nextUniform(), significantDigits: 6)
                let peakRecall = recall(forF1: peakF1, rng: &rng)
                let losses = lossByType[type] ?? (0.4, 0.5)
                let valScale = losses.val / 0.36, trainScale = losses.train / 0.5
                let epochCount = status == .failed ? 1 : Swift.min(10, bestEpoch + 4)
                let lossBase = 0.37 + 0.08 * rng.nextUniform()
                let lossEpoch = Swift.max(0, bestEpoch - 1 + rng.nextInt(below: 3))
                for e in 0..<epochCount {
                    var f1 = peakF1
                    var rec = peakRecall
                    if e != bestEpoch || status == .failed {
                        let distance = Double(Swift.abs(e - bestEpoch))
                        f1 = peakF1 - distance * (0.006 + 0.02 * rng.nextUniform()) - (0.002 + 0.01 * rng.nextUniform())
                        f1 = DemoDecimal.rounded(Swift.max(0.05 * cap, f1), significantDigits: 6)
                        rec = recall(forF1: f1, rng: &rng)
                    }
                    let precision = DemoDecimal.rounded(f1 * rec / (2 * rec - f1), significantDigits: 6)
                    let valLoss = valScale * (lossBase + 0.012 * Double(Swift.abs(e - lossEpoch)) + 0.004 * rng.nextUniform())
                    let trainLoss = trainScale * (0.52 * DemoMath.exp(-0.06 * Double(e)) + 0.01 * rng.nextUniform())
                    epochs.append(DemoHPOTrial.Epoch(
                        step: e, timestamp: start + Int64(e + 1) * epochMillis + Int64(rng.nextInt(below: 1000)),
                        valF1: f1, valRecall: rec, valPrecision: precision,
                        valLoss: DemoDecimal.rounded(valLoss, significantDigits: 6),
                        trainLoss: DemoDecimal.rounded(trainLoss, significantDigits: 6)))
                }
            }
            let end = (epochs.last?.timestamp ?? start) + 1500 + Int64(rng.nextInt(below: 1000))
            let tags = [
                "mlflow.runName": "trial_\(number)",
                "mlflow.user": "quant",
                "mlflow.source.name": "scripts/phase3_hpo.py",
                "mlflow.source.type": "LOCAL",
            ]
            out.append(DemoHPOTrial(number: number, runID: runID, modelType: type, status: status, params: params,
                                    tags: tags, startTime: start, endTime: end, epochs: epochs))
            if let k = fits.indices.first(where: { training.networks[$0].trialNumber == number }) {
                checkpoints[k].runID = runID
                checkpoints[k].hyperParameters = params
            }
        }
        return Outcome(trials: out, checkpoints: checkpoints)
    }

    /// A recall that, with `f1`, gives a precision inside (0, 1): `R >= F / (2 - F)`.
    static func recall(forF1 f1: Double, rng: inout SeededGenerator) -> Double {
        let low = Swift.max(f1 / (2 - f1) + 0.03, 0.25)
        let high = Swift.max(low + 0.05, 0.72)
        return DemoDecimal.rounded(low + (high - low) * rng.nextUniform(), significantDigits: 6)
    }

    static func randomParams(type: String, rng: inout SeededGenerator) -> [String: String] {
        func logUniform(_ lo: Double, _ hi: Double) -> String {
            let v = DemoMath.exp(DemoMath.log(lo) + (DemoMath.log(hi) - DemoMath.log(lo)) * rng.nextUniform())
            return DemoDecimal(v, significantDigits: 3)?.pythonRepr ?? "0.001"
        }
        var p: [String: String] = [:]
        p["learning_rate"] = logUniform(1e-4, 1e-2)
        p["hidden_size"] = ["32", "64", "128", "256"][rng.nextInt(below: 4)]
        p["num_layers"] = String(1 + rng.nextInt(below: 3))
        p["dropout"] = ["0.0", "0.1", "0.2", "0.3", "0.4", "0.5"][rng.nextInt(below: 6)]
        p["batch_size"] = ["64", "128", "256", "512"][rng.nextInt(below: 4)]
        p["weight_decay"] = logUniform(1e-6, 1e-3)
        if type != "mlp" { p["sequence_length"] = ["12", "24", "48"][rng.nextInt(below: 3)] }
        return p
    }

    static func hex(_ v: UInt64) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8](repeating: 0x30, count: 16)
        var x = v
        for i in stride(from: 15, through: 0, by: -1) {
            out[i] = digits[Int(x & 15)]
            x >>= 4
        }
        return String(decoding: out, as: UTF8.self)
    }
}
