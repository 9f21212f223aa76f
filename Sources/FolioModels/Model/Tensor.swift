/// A dense n-dimensional array in row-major order, the values that flow through a graph.
///
/// A scalar has shape `[]` and one element.
public struct Tensor: Sendable, Equatable {
    /// The elements, in one of the supported element types.
    public enum Storage: Sendable, Equatable {
        /// `float` elements.
        case float([Float])
        /// `double` elements.
        case double([Double])
        /// `int64` elements.
        case int64([Int64])
        /// `int32` elements.
        case int32([Int32])
        /// `bool` elements.
        case bool([Bool])
    }

    /// The dimensions.
    public var shape: [Int]
    /// The elements; their count is the product of `shape`.
    public var storage: Storage

    /// A tensor from its shape and elements.
    ///
    /// - Precondition: the element count is the product of `shape`.
    public init(shape: [Int], storage: Storage) {
        precondition(shape.reduce(1, *) == storage.count, "tensor shape \(shape) does not hold \(storage.count) elements")
        self.shape = shape
        self.storage = storage
    }

    /// A `float` tensor.
    public init(shape: [Int], floats: [Float]) { self.init(shape: shape, storage: .float(floats)) }

    /// An `int64` tensor.
    public init(shape: [Int], int64s: [Int64]) { self.init(shape: shape, storage: .int64(int64s)) }

    /// The element type.
    public var elementType: ElementType { storage.elementType }

    /// The number of elements.
    public var count: Int { storage.count }

    /// The number of dimensions.
    public var rank: Int { shape.count }

    /// The elements when they are `float`, else `nil`.
    public var floats: [Float]? {
        if case .float(let values) = storage { return values }
        return nil
    }

    /// The elements as `Int`, for integer tensors (shapes, axes, indices), else `nil`.
    public var integers: [Int]? {
        switch storage {
        case .int64(let values): values.map { Int($0) }
        case .int32(let values): values.map { Int($0) }
        default: nil
        }
    }

    /// The same elements under another shape of the same element count.
    func reshaped(_ newShape: [Int]) -> Tensor { Tensor(shape: newShape, storage: storage) }
}

extension Tensor.Storage {
    /// The element type.
    public var elementType: ElementType {
        switch self {
        case .float: .float
        case .double: .double
        case .int64: .int64
        case .int32: .int32
        case .bool: .bool
        }
    }

    /// The number of elements.
    public var count: Int {
        switch self {
        case .float(let v): v.count
        case .double(let v): v.count
        case .int64(let v): v.count
        case .int32(let v): v.count
        case .bool(let v): v.count
        }
    }

    /// The elements at `indices`, in that order (a gather; indices may repeat).
    func gathering(_ indices: [Int]) -> Tensor.Storage {
        func gather<T>(_ values: [T]) -> [T] {
            values.withUnsafeBufferPointer { source in
                [T](unsafeUninitializedCapacity: indices.count) { target, initialized in
                    for (k, index) in indices.enumerated() { (target.baseAddress! + k).initialize(to: source[index]) }
                    initialized = indices.count
                }
            }
        }
        switch self {
        case .float(let v): return .float(gather(v))
        case .double(let v): return .double(gather(v))
        case .int64(let v): return .int64(gather(v))
        case .int32(let v): return .int32(gather(v))
        case .bool(let v): return .bool(gather(v))
        }
    }

    /// The storages one after the other; all must have this storage's element type.
    func appending(contentsOf others: [Tensor.Storage]) -> Tensor.Storage? {
        switch self {
        case .float(var v):
            for other in others { guard case .float(let w) = other else { return nil }; v += w }
            return .float(v)
        case .double(var v):
            for other in others { guard case .double(let w) = other else { return nil }; v += w }
            return .double(v)
        case .int64(var v):
            for other in others { guard case .int64(let w) = other else { return nil }; v += w }
            return .int64(v)
        case .int32(var v):
            for other in others { guard case .int32(let w) = other else { return nil }; v += w }
            return .int32(v)
        case .bool(var v):
            for other in others { guard case .bool(let w) = other else { return nil }; v += w }
            return .bool(v)
        }
    }
}

/// The product of `dims`, or `nil` when it overflows (shapes read from files or computed
/// from data must not trap).
func checkedProduct(_ dims: [Int]) -> Int? {
    var product = 1
    for dim in dims {
        let (result, overflow) = product.multipliedReportingOverflow(by: dim)
        if overflow { return nil }
        product = result
    }
    return product
}

/// Row-major strides of `shape`.
func rowMajorStrides(_ shape: [Int]) -> [Int] {
    var strides = [Int](repeating: 1, count: shape.count)
    var running = 1
    for axis in stride(from: shape.count - 1, through: 0, by: -1) {
        strides[axis] = running
        running *= shape[axis]
    }
    return strides
}
