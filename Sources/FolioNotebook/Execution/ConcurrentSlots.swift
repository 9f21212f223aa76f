import Foundation

/// Slots written by `DispatchQueue.concurrentPerform` iterations, one index each, read
/// after the loop returns (which orders the writes before the reads).
final class ConcurrentSlots<Element>: @unchecked Sendable {
    private(set) var value: [Element]
    private let lock = NSLock()
    init(_ value: [Element]) { self.value = value }
    func set(_ index: Int, _ element: Element) {
        lock.lock(); value[index] = element; lock.unlock()
    }
}
