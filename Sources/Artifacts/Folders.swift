import BikeModel
import Foundation

extension AtomicWrite {
    /// Makes `path` and the folders above it, with the system's own words when it cannot (a
    /// read-only folder says "Permission denied" or "Read-only file system", naming the folder).
    public static func makeFolder(_ path: String) throws {
        var built = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            built += "/" + part
            if mkdir(built, 0o755) != 0 && errno != EEXIST {
                throw InputError(file: path, "cannot create the folder \(built): \(String(cString: strerror(errno)))")
            }
            var status = stat()
            guard stat(built, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR else {
                throw InputError(file: path, "\(built) exists and is not a folder")
            }
        }
    }
}
