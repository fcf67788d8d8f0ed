import Foundation

/// The `preprocess` stage: raw hourly data in, the 12 features (encoded as asked) and `cnt` out.
public enum Preprocess {
    /// Builds the encoding for `mode`; `fit` learns it from `fitOn` (the input itself by default).
    public static func encoding(_ mode: EncodingMode, input: HourlyRecords, fitOn: HourlyRecords?)
        -> TargetMeanEncoding?
    {
        switch mode {
        case .report: .report
        case .fit: .fit(fitOn ?? input)
        case .none: nil
        }
    }

    /// The feature table as CSV text: a header of the 12 feature names and `cnt`, then one row per hour.
    public static func csv(
        _ records: HourlyRecords, encoding: TargetMeanEncoding?, unseen: TargetMeanEncoding.Unseen = .error
    ) throws -> String {
        let features = try encoding?.encode(records, unseen: unseen) ?? records.features
        var text = (Feature.allCases.map(\.rawValue) + [Feature.target]).joined(separator: ",") + "\n"
        text.reserveCapacity(records.rowCount * 96)
        for row in 0..<records.rowCount {
            for column in 0..<Feature.count {
                text += formatNumber(features[row * Feature.count + column])
                text += ","
            }
            text += records.labelled ? formatNumber(records.counts[row]) : HourlyRecords.unknownCount
            text += "\n"
        }
        return text
    }
}
