extension Network {
    /// b_h = f(sum_i v[i][h] x_i + gamma_h) for every row of `data`, unit by unit: what the
    /// hidden layer passes on, to see whether it varies at all (under the report's program's
    /// exponential, sigmoid and tanh units are constants). A plain loop: not a training path.
    public func hiddenOutputs(_ data: FeatureTable, unit: HiddenUnit) -> [[Double]] {
        var out = [[Double]](repeating: [Double](repeating: 0, count: data.rowCount), count: hiddenUnits)
        for row in 0..<data.rowCount {
            let x = data.features[(row * Network.inputs)..<((row + 1) * Network.inputs)]
            for h in 0..<hiddenUnits {
                var alpha = parameters[gammaOffset + h]
                for (i, value) in x.enumerated() { alpha += v(i, h) * value }
                out[h][row] = unit.valueAndSlope(alpha).value
            }
        }
        return out
    }
}
