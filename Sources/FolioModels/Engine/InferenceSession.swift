import Dispatch
import Foundation

/// A model ready to run: its nodes in topological order, each with its kernel.
///
/// Making a session checks the whole graph before any data flows: the opset is one folio
/// runs (13-20), every operator is supported (else an error naming the op type and the
/// node), and every value a node reads is an input, an initializer or another node's
/// output, without cycles.
///
///     let session = try InferenceSession(model: model)
///     let outputs = try session.run(["x": Tensor(shape: [2, 3], floats: values)])
public struct InferenceSession: Sendable {
    /// The model.
    public let model: ONNXModel
    private let steps: [Step]
    private let opset: Int
    /// How matrix products are computed (OpenBLAS, or one fixed order for reproducible reports).
    public let arithmetic: MatrixArithmetic

    private struct Step: Sendable {
        let node: Node
        let kernel: Kernel
        /// Values no later step reads (freed after this one).
        let lastUses: [String]
    }

    /// Plans `model` for running.
    ///
    /// - Throws: `ModelError` (`unsupported` for an operator, domain or opset; `invalidGraph`
    ///   for a value that nothing produces or a cycle), naming the node and the file.
    public init(model: ONNXModel, arithmetic: MatrixArithmetic = .openBLAS) throws(ModelError) {
        self.arithmetic = arithmetic
        self.model = model
        do throws(ModelError) {
            guard let opset = model.opset else {
                throw ModelError(.unsupported, "the model imports no standard opset (domain \"\")")
            }
            guard OperatorRegistry.supportedOpsets.contains(opset) else {
                let range = OperatorRegistry.supportedOpsets
                throw ModelError(
                    .unsupported,
                    "opset \(opset) is not one folio runs (\(range.lowerBound)-\(range.upperBound)); export with opset_version=17")
            }
            self.opset = opset
            var kernels: [Kernel] = []
            for node in model.nodes {
                guard node.domain.isEmpty || node.domain == "ai.onnx" else {
                    throw ModelError(
                        .unsupported, "operator domain \"\(node.domain)\" is not supported (only the standard ONNX operators)",
                        node: node.name, opType: node.opType)
                }
                guard let kernel = OperatorRegistry.kernels[node.opType] else {
                    throw ModelError(
                        .unsupported,
                        "unsupported operator \(node.opType); folio runs \(OperatorRegistry.supportedOperators.joined(separator: ", "))",
                        node: node.name, opType: node.opType)
                }
                kernels.append(kernel)
            }
            let order = try Self.topologicalOrder(model)
            let outputs = Set(model.outputs.map(\.name))
            var lastUse: [String: Int] = [:]
            for (position, index) in order.enumerated() {
                for name in model.nodes[index].inputs where !name.isEmpty { lastUse[name] = position }
            }
            var released = [[String]](repeating: [], count: order.count)
            for (name, position) in lastUse where !outputs.contains(name) && model.initializers[name] == nil {
                released[position].append(name)
            }
            steps = order.enumerated().map { position, index in
                Step(node: model.nodes[index], kernel: kernels[index], lastUses: released[position])
            }
        } catch {
            throw error.located(at: model.path)
        }
    }

    /// Kahn's algorithm over the nodes; ties keep file order.
    private static func topologicalOrder(_ model: ONNXModel) throws(ModelError) -> [Int] {
        var producer: [String: Int] = [:]
        for (index, node) in model.nodes.enumerated() {
            for name in node.outputs where !name.isEmpty {
                if producer[name] != nil || model.initializers[name] != nil || model.inputs.contains(where: { $0.name == name }) {
                    throw ModelError(.invalidGraph, "value \"\(name)\" is produced twice", node: node.name, opType: node.opType)
                }
                producer[name] = index
            }
        }
        let available = Set(model.inputs.map(\.name)).union(model.initializers.keys)
        var waiting = [Int](repeating: 0, count: model.nodes.count)
        var dependents = [[Int]](repeating: [], count: model.nodes.count)
        for (index, node) in model.nodes.enumerated() {
            for name in node.inputs where !name.isEmpty && !available.contains(name) {
                guard let source = producer[name] else {
                    throw ModelError(
                        .invalidGraph, "reads \"\(name)\", which is no graph input, initializer or node output",
                        node: node.name, opType: node.opType)
                }
                waiting[index] += 1
                dependents[source].append(index)
            }
        }
        var ready = (0..<model.nodes.count).filter { waiting[$0] == 0 }
        var order: [Int] = []
        while !ready.isEmpty {
            let next = ready.removeFirst()
            order.append(next)
            for dependent in dependents[next] {
                waiting[dependent] -= 1
                if waiting[dependent] == 0 {
                    let slot = ready.firstIndex { $0 > dependent } ?? ready.endIndex
                    ready.insert(dependent, at: slot)
                }
            }
        }
        guard order.count == model.nodes.count else {
            let stuck = model.nodes.indices.first { waiting[$0] > 0 }!
            throw ModelError(.invalidGraph, "is part of a cycle", node: model.nodes[stuck].name, opType: model.nodes[stuck].opType)
        }
        for output in model.outputs where producer[output.name] == nil && !available.contains(output.name) {
            throw ModelError(.invalidGraph, "graph output \"\(output.name)\" is produced by no node")
        }
        return order
    }

    /// Runs the graph once on `feeds` (graph input name to value) on the calling thread.
    ///
    /// - Returns: the graph outputs by name.
    /// - Throws: `ModelError` for a missing input or a value an operator cannot take,
    ///   naming the node.
    public func run(_ feeds: [String: Tensor]) throws(ModelError) -> [String: Tensor] {
        var values = model.initializers
        for input in model.inputs {
            guard let value = feeds[input.name] else {
                throw ModelError(.invalidInput, "no value given for graph input \"\(input.name)\"", path: model.path)
            }
            values[input.name] = value
        }
        for step in steps {
            let node = step.node
            let inputs = node.inputs.map { $0.isEmpty ? nil : values[$0] }
            let context = KernelContext(node: node, inputs: inputs, opset: opset, arithmetic: arithmetic)
            let results: [Tensor]
            do {
                results = try step.kernel(context)
            } catch {
                throw error.located(at: model.path)
            }
            for (k, name) in node.outputs.enumerated() where !name.isEmpty {
                guard k < results.count else {
                    throw ModelError(
                        .unsupported, "output \(k + 1) (\(name)) is not produced by folio's \(node.opType)",
                        path: model.path, node: node.name, opType: node.opType)
                }
                values[name] = results[k]
            }
            for name in step.lastUses { values[name] = nil }
        }
        var outputs: [String: Tensor] = [:]
        for output in model.outputs { outputs[output.name] = values[output.name] }
        return outputs
    }

    /// Runs the graph over `rows` batch rows in chunks of `chunkSize`, on up to `threads`
    /// threads, and joins the chunks' first graph output along axis 0.
    ///
    /// Chunk boundaries depend only on `rows` and `chunkSize`, so the result does not
    /// depend on `threads`.
    ///
    /// - Parameters:
    ///   - rows: the batch size.
    ///   - chunkSize: rows per graph run (bounds memory: an LSTM keeps `[T, chunk, H]`).
    ///   - threads: worker threads (`DispatchQueue.concurrentPerform`).
    ///   - feeds: the graph inputs for a range of rows; called concurrently.
    /// - Returns: the first graph output of shape `[rows, ...]`.
    /// - Throws: the first `ModelError` of any chunk, or `invalidGraph` when the output's
    ///   first dimension is not the batch.
    public func run(
        rows: Int, chunkSize: Int = 512, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
        feeds: @Sendable (Range<Int>) throws(ModelError) -> [String: Tensor]
    ) throws(ModelError) -> Tensor {
        let outputName = model.outputs[0].name
        let chunk = max(1, chunkSize)
        let chunkCount = (rows + chunk - 1) / chunk
        let results = ChunkResults(count: chunkCount)
        @Sendable func work(_ k: Int) {
            let range = (k * chunk)..<min(rows, (k + 1) * chunk)
            do throws(ModelError) {
                let outputs = try self.run(try feeds(range))
                guard let output = outputs[outputName], output.rank >= 1, output.shape[0] == range.count else {
                    throw ModelError(
                        .invalidGraph,
                        "output \"\(outputName)\" does not have the batch (\(range.count) rows) as its first dimension",
                        path: self.model.path)
                }
                results.store(.success(output), at: k)
            } catch {
                results.store(.failure(error), at: k)
            }
        }
        let workers = min(max(1, threads), chunkCount)
        if workers <= 1 {
            for k in 0..<chunkCount { work(k) }
        } else {
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while let k = results.nextChunk() { work(k) }
            }
        }
        var parts: [Tensor] = []
        for k in 0..<chunkCount {
            switch results.result(at: k) {
            case .success(let tensor): parts.append(tensor)
            case .failure(let error): throw error
            }
        }
        guard let first = parts.first else {
            let outputShape = model.outputs[0].shape?.dropFirst().compactMap(\.size) ?? []
            return Tensor(shape: [0] + outputShape, storage: .float([]))
        }
        guard let joined = first.storage.appending(contentsOf: parts.dropFirst().map(\.storage)) else {
            throw ModelError(.invalidGraph, "chunks gave outputs of different element types", path: model.path)
        }
        return Tensor(shape: [rows] + first.shape.dropFirst(), storage: joined)
    }
}

/// Per-chunk results and the next chunk to run, shared by the worker threads under a lock.
private final class ChunkResults: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<Tensor, ModelError>?]
    private var next = 0

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func nextChunk() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < slots.count else { return nil }
        next += 1
        return next - 1
    }

    func store(_ result: Result<Tensor, ModelError>, at index: Int) {
        lock.lock()
        slots[index] = result
        lock.unlock()
    }

    func result(at index: Int) -> Result<Tensor, ModelError> {
        lock.lock()
        defer { lock.unlock() }
        return slots[index]!
    }
}
