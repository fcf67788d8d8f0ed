import Dispatch

/// `body(0..<count)` spread over the cores, results in index order: seeds are independent runs,
/// and the order of the output never depends on which thread finished first.
public func parallelMap<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    // Each iteration writes its own slot, so the threads never touch the same element.
    let slots = CheckedBuffer<T?>(repeating: nil, count: count)
    DispatchQueue.concurrentPerform(iterations: count) { index in slots.pointer[index] = body(index) }
    return slots.elements.map { $0! }
}
