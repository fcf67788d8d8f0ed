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

    /// The order a layer's weights are drawn in: input by input (numpy's `inputs × units`
    /// matrices, the default) or unit by unit (PyTorch's `units × inputs`); each layer's biases
    /// are drawn after its weights either way.
    public enum Order: String, CaseIterable, Sendable {
        case inputMajor = "input-major"
        case unitMajor = "unit-major"
    }

    /// Every parameter in `LayeredNetwork`'s layout, drawn in `order`.
    public func draw(
        widths: [Int], biases: Bool, order: Order = .inputMajor, _ generator: inout WeightGenerator
    ) -> [Double] {
        var parameters: [Double] = []
        for (inputs, units) in zip(widths, widths.dropFirst()) {
            var weights = [Double](repeating: 0, count: inputs * units)
            switch order {
            case .inputMajor:
                for k in weights.indices { weights[k] = value(fanIn: inputs, &generator) }
            case .unitMajor:
                for j in 0..<units { for i in 0..<inputs { weights[i * units + j] = value(fanIn: inputs, &generator) } }
            }
            parameters += weights
            if biases { for _ in 0..<units { parameters.append(value(fanIn: inputs, &generator)) } }
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
