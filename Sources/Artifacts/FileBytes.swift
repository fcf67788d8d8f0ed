import BikeModel
import Foundation

/// A file's bytes, refusing a missing file, one that is not a regular file, or one larger than
/// `maximumBytes`, before reading it whole.
public enum FileBytes {
    public static func read(_ path: String, maximumBytes: Int) throws -> Data {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw InputError(file: path, "cannot read the file: \(String(cString: strerror(errno)))")
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw InputError(file: path, "is not a regular file") }
        guard Int(status.st_size) <= maximumBytes else {
            throw InputError(
                file: path, "is \(status.st_size) bytes, more than the \(maximumBytes) this reader accepts")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(file: path, "cannot read the file (missing or unreadable)")
        }
        return data
    }
}
