import Foundation

/// Loaded data shared by every directive of a render: each file is read once, by the first
/// directive that asks, while the others that need it wait; later directives get the
/// loaded value.
public final class DataStore: @unchecked Sendable {
    private enum Slot {
        case loading
        case loaded(any Sendable)
        case failed(any Error)
    }

    private let condition = NSCondition()
    private var slots: [String: Slot] = [:]

    public init() {}

    /// The value stored under `key` when it is already loaded; `nil` when it is absent,
    /// loading or failed (nothing waits, nothing is computed).
    public func loadedValue<T: Sendable>(forKey key: String, as type: T.Type = T.self) -> T? {
        condition.lock(); defer { condition.unlock() }
        if case .loaded(let value)? = slots[key] { return value as? T }
        return nil
    }

    /// The value stored under `key` (typically a file path plus a kind), computing it with
    /// `load` when absent. Concurrent callers for one key wait for a single computation.
    public func value<T: Sendable>(forKey key: String, load: () throws -> T) throws -> T {
        condition.lock()
        while true {
            switch slots[key] {
            case .loaded(let value)?:
                condition.unlock()
                if let value = value as? T { return value }
                // Same key, different type: compute without sharing.
                return try load()
            case .failed(let error)?:
                condition.unlock()
                throw error
            case .loading?:
                condition.wait()
            case nil:
                slots[key] = .loading
                condition.unlock()
                do {
                    let value = try load()
                    condition.lock()
                    slots[key] = .loaded(value)
                    condition.broadcast()
                    condition.unlock()
                    return value
                } catch {
                    condition.lock()
                    slots[key] = .failed(error)
                    condition.broadcast()
                    condition.unlock()
                    throw error
                }
            }
        }
    }
}

