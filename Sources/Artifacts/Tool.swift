/// The project's executables: the name each is run by, that the plan's rules call and that every
/// artifact records as its maker.
public enum Tool: String, CaseIterable, Sendable {
    case preprocess
    case split
    case train
    case evaluate
    case plot
    case report

    /// Its file name in the build folder and its command name.
    public var name: String { rawValue }
}
