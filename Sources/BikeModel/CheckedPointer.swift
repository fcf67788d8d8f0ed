/// The training loops' one view of raw memory: where their arrays start, how many elements lie
/// from there to the end, and whether they may be written. Every access and every offset is
/// checked (`assert`) in debug builds, which the tests run, and costs nothing in release builds,
/// where it is a bare address. Like swift-collections' `_UnsafeHandle`, it is the only place
/// the loops meet an unsafe pointer, BikeModel's and GeneralModel's (hence public and
/// inlinable: a `package` one is not inlined across modules); it lives only inside the
/// `with…` call or the `CheckedBuffer` that made it.
public struct CheckedPointer<Element> {
    public let base: UnsafeMutablePointer<Element>
    /// The elements from `base` to the end of the memory it came from.
    public let count: Int
    public let writable: Bool

    @inlinable @inline(__always)
    public init(_ base: UnsafeMutablePointer<Element>, count: Int, writable: Bool) {
        (self.base, self.count, self.writable) = (base, count, writable)
    }

    /// An array's elements, to read and write.
    @inlinable @inline(__always)
    public init(_ buffer: UnsafeMutableBufferPointer<Element>) {
        self.init(buffer.baseAddress ?? UnsafeMutablePointer(bitPattern: 8)!, count: buffer.count, writable: true)
    }

    /// An array's elements, to read only.
    @inlinable @inline(__always)
    public init(_ buffer: UnsafeBufferPointer<Element>) {
        self.init(
            UnsafeMutablePointer(mutating: buffer.baseAddress ?? UnsafePointer(bitPattern: 8)!), count: buffer.count,
            writable: false)
    }

    @inlinable @inline(__always)
    public subscript(index: Int) -> Element {
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
    @inlinable @inline(__always)
    public static func + (pointer: CheckedPointer, offset: Int) -> CheckedPointer {
        assert(offset >= 0 && offset <= pointer.count, "offset \(offset) outside 0...\(pointer.count)")
        return CheckedPointer(pointer.base + offset, count: pointer.count - offset, writable: pointer.writable)
    }

    /// The first `count` elements set to `value`.
    @inlinable @inline(__always)
    public func update(repeating value: Element, count: Int) {
        assert(writable && count <= self.count, "\(count) elements outside 0..<\(self.count)")
        base.update(repeating: value, count: count)
    }
}

/// Memory that outlives one `with…` call (the kept hidden layer, the slots of a parallel map):
/// allocated and initialised here, freed with its owner, reached only through `CheckedPointer`.
public final class CheckedBuffer<Element>: @unchecked Sendable {
    @usableFromInline let storage: UnsafeMutableBufferPointer<Element>

    public init(repeating value: Element, count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: value)
    }

    deinit {
        storage.deinitialize()
        storage.deallocate()
    }

    /// A checked view of every element, to read and write, valid while this buffer lives.
    @inlinable public var pointer: CheckedPointer<Element> { CheckedPointer(storage) }

    /// The elements, copied out.
    public var elements: [Element] { Array(storage) }

    /// `elements`' copy, to be reached through `pointer`.
    public init(_ elements: [Element]) {
        storage = .allocate(capacity: elements.count)
        _ = storage.initialize(fromContentsOf: elements)
    }
}

extension CheckedPointer where Element == Lanes {
    /// The vectors' doubles one by one: double i is lane i % 8 of vector i / 8 (a vector's lanes
    /// lie in order in memory), read and written without moving the whole vector.
    @inlinable
    public subscript(scalar i: Int) -> Double {
        @inline(__always) get {
            assert(i >= 0 && i < count * 8, "double \(i) outside 0..<\(count * 8)")
            return UnsafeRawPointer(base).load(fromByteOffset: i * 8, as: Double.self)
        }
        @inline(__always) nonmutating set {
            assert(writable, "a write through a read-only view")
            assert(i >= 0 && i < count * 8, "double \(i) outside 0..<\(count * 8)")
            UnsafeMutableRawPointer(base).storeBytes(of: newValue, toByteOffset: i * 8, as: Double.self)
        }
    }
}
