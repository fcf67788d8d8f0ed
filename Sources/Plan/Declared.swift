import BikeModel

/// The character sets a declared name or path may use: they become file names, make words and
/// command arguments, so they are checked here once and quoted by `MakeText` where they are used.
public enum Declared {
    /// A letter, a digit, '.', '_' or '-': what a name may hold.
    public static func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII
            && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "._-".unicodeScalars.contains(scalar))
    }

    public static func nameProblem(_ value: String) -> String? {
        let allowed = value.unicodeScalars.allSatisfy(isNameCharacter)
        guard !value.isEmpty, value.count <= 100, allowed, let first = value.unicodeScalars.first, first != ".",
            first != "-"
        else {
            return
                "\(Quoted(value)) is not a valid name: use 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit"
        }
        return nil
    }

    public static func pathProblem(_ value: String) -> String? {
        guard !value.hasPrefix("/") else { return "\(Quoted(value)) is absolute: give a path inside the project" }
        let parts = value.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        for part in parts {
            if part == ".." || part == "." {
                return "\(Quoted(value)) may not contain '\(part)': give a plain path inside the project"
            }
            if let problem = nameProblem(part) { return "in the path \(Quoted(value)): \(problem)" }
        }
        return nil
    }
}
