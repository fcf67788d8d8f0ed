/// The training loops' one view of raw memory: where their arrays start, how many elements lie
/// from there to the end, and whether they may be written. Every access and every offset is
/// checked (`assert`) in debug builds, which the tests run, and costs nothing in release builds,
/// where it is a bare address. Like swift-collections' `_UnsafeHandle`, it is the only place
/// the loops meet an unsafe pointer; it lives only inside the `with…` call that made it.
struct CheckedPointer<Element> {
    let base: UnsafeMutablePointer<Element>
    /// The elements from `base` to the end of the memory it came from.
    let count: Int
    let writable: Bool

    @inline(__always)
    init(_ base: UnsafeMutablePointer<Element>, count: Int, writable: Bool) {
        (self.base, self.count, self.writable) = (base, count, writable)
    }

    /// An array's elements, to read and write.
    @inline(__always)
    init(_ buffer: UnsafeMutableBufferPointer<Element>) {
        self.init(buffer.baseAddress ?? UnsafeMutablePointer(bitPattern: 8)!, count: buffer.count, writable: true)
    }

    /// An array's elements, to read only.
    @inline(__always)
    init(_ buffer: UnsafeBufferPointer<Element>) {
        self.init(
            UnsafeMutablePointer(mutating: buffer.baseAddress ?? UnsafePointer(bitPattern: 8)!), count: buffer.count,
            writable: false)
    }

    @inline(__always)
    subscript(index: Int) -> Element {
        get {
            assert(index >= 0 && index < count, "index \(index) outside 0..<\(count)")
            return base[index]
        }
        nonmutating set {
            assert(writable, "a write through a read-only view")
            assert(index >= 0 && index < count, "index \(index) outside 0..<\(count)")
            base[index] = newValue
        }
    }

    /// The elements from `offset` on; an offset may reach the end (an empty view), not past it.
    @inline(__always)
    static func + (pointer: CheckedPointer, offset: Int) -> CheckedPointer {
        assert(offset >= 0 && offset <= pointer.count, "offset \(offset) outside 0...\(pointer.count)")
        return CheckedPointer(pointer.base + offset, count: pointer.count - offset, writable: pointer.writable)
    }

    /// The first `count` elements set to `value`.
    @inline(__always)
    func update(repeating value: Element, count: Int) {
        assert(writable && count <= self.count, "\(count) elements outside 0..<\(self.count)")
        base.update(repeating: value, count: count)
    }
}

/// Memory that outlives one `with…` call (the kept hidden layer, the slots of a parallel map):
/// allocated and initialised here, freed with its owner, reached only through `CheckedPointer`.
final class CheckedBuffer<Element>: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<Element>

    init(repeating value: Element, count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: value)
    }

    deinit {
        storage.deinitialize()
        storage.deallocate()
    }

    /// A checked view of every element, to read and write, valid while this buffer lives.
    var pointer: CheckedPointer<Element> { CheckedPointer(storage) }

    /// The elements, copied out.
    var elements: [Element] { Array(storage) }
}
