import Foundation

/// A note on stderr that does not stop the stage.
public func warn(_ message: String) {
    FileHandle.standardError.write(Data("warning: \(message)\n".utf8))
}
