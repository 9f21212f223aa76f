import Foundation

/// Per-task results and the next task to run, shared by the worker threads under a lock.
final class TaskResults: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<Double, ImportanceError>?]
    private var nextTask = 0

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    /// The next task not yet taken, or `nil`.
    func next() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard nextTask < slots.count else { return nil }
        nextTask += 1
        return nextTask - 1
    }

    func store(_ result: Result<Double, ImportanceError>, at index: Int) {
        lock.lock()
        slots[index] = result
        lock.unlock()
    }

    func result(at index: Int) -> Result<Double, ImportanceError> {
        lock.lock()
        defer { lock.unlock() }
        return slots[index]!
    }
}
