/// One network fitted by `folio demo-data`: the checkpoint of its best epoch and the
/// metrics of every epoch it ran.
public struct DemoFit: Sendable {
    /// The best epoch's weights, with `epoch` and `valMetrics` set (the run id and the
    /// logged params are filled in by the HPO study).
    public var checkpoint: DemoCheckpoint
    /// Every epoch's metrics, MLflow `step` = epoch (timestamps are set by the study):
    /// `train_loss` the mean training criterion over the epoch's batches (dropout on);
    /// the `val_*` metrics on every validation window at threshold 0.5 (a window is
    /// positive when the Float32 probability is >= 0.5), `val_loss` the training criterion
    /// (BCE with `positiveWeight`) on the validation windows.
    public var epochs: [DemoHPOTrial.Epoch]
    /// Validation ROC-AUC of each epoch.
    public var valROCAUC: [Double]
    /// The positive-class weight of the loss: negatives / positives among the training
    /// windows (PyTorch's `pos_weight`).
    public var positiveWeight: Double
    /// The number of training windows.
    public var trainWindows: Int
    /// The checkpoint's Float32 logits of the validation windows, in window order (what its
    /// logged metrics were computed from).
    public var valLogits: [Float]
}
