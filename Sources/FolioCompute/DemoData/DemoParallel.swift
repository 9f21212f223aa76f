import Dispatch

/// Runs independent work items on all cores and returns their results in index order, so
/// the outcome never depends on scheduling.
enum DemoParallel {
    private final class Slots<T>: @unchecked Sendable {
        // Each index is written by exactly one work item, and read only after all finish.
        let buffer: UnsafeMutableBufferPointer<T?>
        init(count: Int) {
            buffer = .allocate(capacity: count)
            buffer.initialize(repeating: nil)
        }
        deinit {
            buffer.deinitialize()
            buffer.deallocate()
        }
    }

    /// `body(0) ... body(count - 1)`, computed concurrently (one after the other when
    /// `parallel` is false), in index order.
    static func map<T: Sendable>(_ count: Int, parallel: Bool = true, _ body: @Sendable (Int) -> T) -> [T] {
        guard count > 0 else { return [] }
        if count == 1 || !parallel { return (0..<count).map { body($0) } }
        let slots = Slots<T>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { i in
            slots.buffer[i] = body(i)
        }
        return slots.buffer.map { $0! }
    }

    /// `ranges` splits `0..<count` into `chunks` contiguous ranges of nearly equal size.
    static func ranges(_ count: Int, chunks: Int) -> [Range<Int>] {
        let k = Swift.max(1, Swift.min(chunks, count))
        return (0..<k).map { c in (count * c / k)..<(count * (c + 1) / k) }
    }
}
