import Dispatch

/// `body(0..<count)` spread over the cores, results in index order: seeds are independent runs,
/// and the order of the output never depends on which thread finished first.
public func parallelMap<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    let slots = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
    slots.initialize(repeating: nil)
    defer {
        slots.deinitialize()
        slots.deallocate()
    }
    nonisolated(unsafe) let shared = slots
    DispatchQueue.concurrentPerform(iterations: count) { index in shared[index] = body(index) }
    return slots.map { $0! }
}
