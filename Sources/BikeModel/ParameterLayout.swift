/// Where each of the network's parameters lives in its one flat array, q = hiddenUnits:
///   v[i][h]  at h * 12 + i   (unit h's 12 input weights side by side)
///   gamma[h] at q * 12 + h   (hidden biases)
///   w[h]     at q * 13 + h   (hidden-to-output weights)
///   theta    at q * 14       (output bias)
/// Every loop over the parameters takes its offsets from here; debug builds check each index.
public struct ParameterLayout: Equatable, Sendable {
    public static let inputs = Feature.count
    public let hiddenUnits: Int

    public init(hiddenUnits: Int) {
        precondition(hiddenUnits >= 1)
        self.hiddenUnits = hiddenUnits
    }

    public var count: Int { hiddenUnits * (Self.inputs + 2) + 1 }

    /// The first of unit h's input weights: v[0][h], then v[1][h] … beside it.
    @inline(__always) public func unit(_ h: Int) -> Int {
        assert(h >= 0 && h < hiddenUnits, "unit \(h) of \(hiddenUnits)")
        return h * Self.inputs
    }

    @inline(__always) public func v(_ i: Int, _ h: Int) -> Int {
        assert(i >= 0 && i < Self.inputs, "input \(i) of \(Self.inputs)")
        return unit(h) + i
    }

    /// gamma[0]; gamma[h] is `gamma + h`.
    @inline(__always) public var gamma: Int { hiddenUnits * Self.inputs }
    /// w[0]; w[h] is `w + h`.
    @inline(__always) public var w: Int { hiddenUnits * (Self.inputs + 1) }
    @inline(__always) public var theta: Int { hiddenUnits * (Self.inputs + 2) }
}
