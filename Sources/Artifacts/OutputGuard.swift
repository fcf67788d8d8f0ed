import BikeModel
import Foundation

/// A stage's outputs, checked before any work: an output never replaces an input, a device or a
/// pipe, and no two outputs share a path, whichever way the paths are spelled.
public enum OutputGuard {
    /// Refuses an empty output path, an output that is a symbolic link or exists and is not a
    /// regular file, an output named twice, and an output that is one of the inputs (by path, or
    /// as the same file).
    public static func check(outputs: [String], inputs: [String]) throws {
        var claimed: [String: String] = [:]
        for output in outputs {
            guard !output.isEmpty else { throw UsageError("an output path is empty") }
            var status = stat()
            if lstat(output, &status) == 0, (status.st_mode & S_IFMT) == S_IFLNK {
                throw InputError(
                    file: output, "is a symbolic link: refusing to write through it (remove it, or give another path)")
            }
            if stat(output, &status) == 0, (status.st_mode & S_IFMT) != S_IFREG {
                throw InputError(
                    file: output,
                    "exists and is not a regular file (a device, a pipe or a folder): refusing to replace it")
            }
            let key = identity(output)
            if let other = claimed[key] {
                throw InputError(file: output, "is named as two outputs (also as \(other)): give each its own path")
            }
            claimed[key] = output
        }
        for input in inputs where !input.isEmpty {
            let key = identity(input)
            if let output = claimed[key] ?? outputs.first(where: { sameFile($0, input) }) {
                throw InputError(file: output, "is also an input (\(input)): refusing to overwrite an input")
            }
        }
    }

    /// An output with its sidecar, as a CSV stage writes it.
    public static func withSidecars(_ paths: [String?]) -> [String] {
        paths.compactMap { $0 }.flatMap { [$0, CSVSidecar.path(for: $0)] }
    }

    /// The path with its folder resolved, so that `a/../b/x` and `b/x` are one file.
    static func identity(_ path: String) -> String {
        "/" + FilePath.components(FilePath.absolute(path, resolvingFolder: true)).joined(separator: "/")
    }

    /// Two existing paths that are one file (a hard link, a symbolic link).
    static func sameFile(_ a: String, _ b: String) -> Bool {
        var x = stat(), y = stat()
        return stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_dev == y.st_dev && x.st_ino == y.st_ino
    }
}
