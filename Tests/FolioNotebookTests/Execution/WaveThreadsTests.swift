import Dispatch
import Foundation
import Testing

import FolioCompute
@testable import FolioNotebook

/// The blocks of a wave run on threads of their own (`ParallelLoop.runOnOwnThreads`), so that
/// a block's own parallel loops get every core.
@Suite struct WaveThreadsTests {
    @Test(arguments: [0, 1, 2, 7])
    func everyIndexRunsOnce(count: Int) {
        let seen = ConcurrentSlots([Int](repeating: 0, count: count))
        let lock = NSLock()
        ParallelLoop.runOnOwnThreads(iterations: count) { k in
            lock.lock()
            let before = seen.value[k]
            lock.unlock()
            seen.set(k, before + 1)
        }
        #expect(seen.value == [Int](repeating: 1, count: count))
    }

    /// Two blocks that each wait for the other finish only if they run at the same time.
    @Test func blocksOfAWaveRunAtTheSameTime() {
        let met = [DispatchSemaphore(value: 0), DispatchSemaphore(value: 0)]
        let timedOut = ConcurrentSlots([false, false])
        ParallelLoop.runOnOwnThreads(iterations: 2, threads: 2) { k in
            met[1 - k].signal()
            timedOut.set(k, met[k].wait(timeout: .now() + 10) == .timedOut)
        }
        #expect(timedOut.value == [false, false])
    }

    /// A block's own `concurrentPerform` (CSV chunks, features, bootstrap chunks) gets more
    /// than one thread. Inside an outer `concurrentPerform` of the same width libdispatch ran
    /// it on one thread, and the two iterations below would each wait in vain for the other.
    @Test(.enabled(if: ProcessInfo.processInfo.activeProcessorCount > 1))
    func aBlocksOwnParallelLoopIsNotSerialized() {
        let timedOut = ConcurrentSlots([false, false, false, false])
        ParallelLoop.runOnOwnThreads(iterations: 2, threads: 2) { block in
            let met = [DispatchSemaphore(value: 0), DispatchSemaphore(value: 0)]
            DispatchQueue.concurrentPerform(iterations: 2) { k in
                met[1 - k].signal()
                timedOut.set(2 * block + k, met[k].wait(timeout: .now() + 10) == .timedOut)
            }
        }
        #expect(timedOut.value == [false, false, false, false])
    }
}
