import Foundation

/// How a declared network's first weights are drawn: uniform on a range (the report's [0, 1)),
/// or normal with a constant sd or the layer's fan-in to the power −0.5 (Udacity's). Weights are
/// drawn layer by layer in `LayeredNetwork`'s order (numpy's row-major `inputs × units`), each
/// layer's biases after its weights.
public enum InitialWeights: Equatable, Sendable {
    case uniform(low: Double, high: Double)
    case normal(sd: Double)
    /// sd = n^−0.5 for a layer of n inputs, computed as a power (for some n it differs from
    /// 1/√n in the last bit, and numpy computes it this way).
    case normalFanIn

    public func draw(widths: [Int], biases: Bool, _ generator: inout WeightGenerator) -> [Double] {
        var parameters: [Double] = []
        for (inputs, units) in zip(widths, widths.dropFirst()) {
            for _ in 0..<(inputs * units + (biases ? units : 0)) {
                parameters.append(value(fanIn: inputs, &generator))
            }
        }
        return parameters
    }

    private func value(fanIn: Int, _ generator: inout WeightGenerator) -> Double {
        switch self {
        case .uniform(let low, let high): low + (high - low) * generator.unit()
        case .normal(let sd): sd * generator.gaussian()
        case .normalFanIn: pow(Double(fanIn), -0.5) * generator.gaussian()
        }
    }
}
