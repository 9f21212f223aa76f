/// One single-direction ONNX `LSTM` or `GRU` node's initializers (`num_directions = 1`),
/// as `torch.onnx.export` writes them for one layer of `nn.LSTM` / `nn.GRU`.
///
/// With `G` gates (4 for LSTM in the ONNX order i, o, f, c; 3 for GRU in the order z, r, h)
/// and hidden size `H`:
/// - `w`: `W`, shape `[1, G*H, inputSize]`, row-major: gate `g`'s row `j` is row `g*H + j`.
/// - `r`: `R`, shape `[1, G*H, H]`.
/// - `b`: `B`, shape `[1, 2*G*H]`: the input biases `Wb` (G*H, same gate order), then the
///   recurrence biases `Rb`.
///
/// LSTM (no peepholes, default activations): `i = σ(x Wi^T + h Ri^T + Wbi + Rbi)`, likewise
/// `o`, `f`; `c~ = tanh(x Wc^T + h Rc^T + Wbc + Rbc)`; `C = f ⊙ C' + i ⊙ c~`;
/// `H = o ⊙ tanh(C)`.
/// GRU with `linear_before_reset = 1`: `z = σ(x Wz^T + h Rz^T + Wbz + Rbz)`, likewise `r`;
/// `h~ = tanh(x Wh^T + Wbh + r ⊙ (h Rh^T + Rbh))`; `H = (1 - z) ⊙ h~ + z ⊙ h`.
public struct DemoRecurrentLayer: Hashable, Sendable {
    /// Inputs per step (`F` for the first layer, `H` above it).
    public var inputSize: Int
    /// `hidden_size`, `H`.
    public var hiddenSize: Int
    /// The number of gates `G` (4 or 3).
    public var gateCount: Int
    /// `W`, `[1, G*H, inputSize]`.
    public var w: [Float]
    /// `R`, `[1, G*H, H]`.
    public var r: [Float]
    /// `B`, `[1, 2*G*H]` = (`Wb`, `Rb`).
    public var b: [Float]

    /// Creates a layer, checking the shapes.
    public init(inputSize: Int, hiddenSize: Int, gateCount: Int, w: [Float], r: [Float], b: [Float]) {
        let gh = gateCount * hiddenSize
        precondition(w.count == gh * inputSize && r.count == gh * hiddenSize && b.count == 2 * gh, "recurrent layer shape")
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.gateCount = gateCount
        self.w = w
        self.r = r
        self.b = b
    }
}
