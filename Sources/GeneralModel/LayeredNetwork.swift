/// A fully connected network of any depth, as a report declares it: the widths from inputs to
/// the one output, each layer's activation, biases on or off. The plain loop of the family, the
/// reference that `train`'s lanes (`LaneNetwork`) are tested against bit for bit; the report's
/// own network runs its fast loops in BikeModel, and the two agree where both apply
/// (`GeneralAgreementTests`).
public struct LayeredNetwork: Equatable, Sendable {
    /// Units per layer, inputs first, the output (one unit) last.
    public let widths: [Int]
    /// One per layer after the inputs: the hidden layers', then the output's.
    public let activations: [UnitFunction]
    public let biases: Bool
    /// Layer by layer: its weights input by input (input i's weights to every unit, in unit
    /// order), then its biases; numpy's row-major `inputs × units` matrices.
    public var parameters: [Double]

    public init(widths: [Int], activations: [UnitFunction], biases: Bool, parameters: [Double]) {
        precondition(widths.count >= 2 && widths.allSatisfy { $0 > 0 } && widths.last == 1)
        precondition(activations.count == widths.count - 1)
        self.widths = widths
        self.activations = activations
        self.biases = biases
        self.parameters = parameters
        precondition(parameters.count == parameterCount)
    }

    public var layerCount: Int { widths.count - 1 }
    public var parameterCount: Int { Self.parameterCount(widths: widths, biases: biases) }

    public static func parameterCount(widths: [Int], biases: Bool) -> Int {
        zip(widths, widths.dropFirst()).reduce(0) { $0 + $1.0 * $1.1 + (biases ? $1.1 : 0) }
    }

    /// Where layer l's weight from input i to unit j is, and where its bias for unit j is.
    public func weightIndex(layer l: Int, input i: Int, unit j: Int) -> Int { start(of: l) + i * widths[l + 1] + j }
    public func biasIndex(layer l: Int, unit j: Int) -> Int {
        precondition(biases)
        return start(of: l) + widths[l] * widths[l + 1] + j
    }

    public func start(of layer: Int) -> Int {
        (0..<layer).reduce(0) { $0 + widths[$1] * widths[$1 + 1] + (biases ? widths[$1 + 1] : 0) }
    }

    /// Every layer's outputs and slopes for one row: `values[0]` is the row itself.
    public func forward(_ x: ArraySlice<Double>) -> (values: [[Double]], slopes: [[Double]]) {
        precondition(x.count == widths[0])
        var values = [Array(x)], slopes: [[Double]] = []
        for l in 0..<layerCount {
            let input = values[l]
            var out = [Double](repeating: 0, count: widths[l + 1]), slope = out
            for j in 0..<widths[l + 1] {
                var sum = biases ? parameters[biasIndex(layer: l, unit: j)] : 0
                for i in 0..<widths[l] { sum += input[i] * parameters[weightIndex(layer: l, input: i, unit: j)] }
                (out[j], slope[j]) = activations[l].valueAndSlope(sum)
            }
            values.append(out)
            slopes.append(slope)
        }
        return (values, slopes)
    }

    /// The output for one row, in the units the network was trained in.
    public func output(_ x: ArraySlice<Double>) -> Double { forward(x).values[layerCount][0] }

    /// Adds to `gradient` the descent direction of ½ (y − ŷ)² for one row, given its error
    /// y − ŷ: the negative gradient, so that a step is `parameters += rate · gradient / rows`.
    public func accumulate(
        _ forward: (values: [[Double]], slopes: [[Double]]), error: Double, into gradient: inout [Double]
    ) {
        // The error term of each unit, from the output back.
        var terms = [error * forward.slopes[layerCount - 1][0]]
        for l in stride(from: layerCount - 1, through: 0, by: -1) {
            let input = forward.values[l]
            for j in 0..<widths[l + 1] {
                for i in 0..<widths[l] { gradient[weightIndex(layer: l, input: i, unit: j)] += terms[j] * input[i] }
                if biases { gradient[biasIndex(layer: l, unit: j)] += terms[j] }
            }
            guard l > 0 else { break }
            var below = [Double](repeating: 0, count: widths[l])
            for i in 0..<widths[l] {
                var sum = 0.0
                for j in 0..<widths[l + 1] { sum += parameters[weightIndex(layer: l, input: i, unit: j)] * terms[j] }
                below[i] = sum * forward.slopes[l - 1][i]
            }
            terms = below
        }
    }
}
