import Foundation

/// Turns the paths a user named into inputs: files by content, folders as sessions or archives
/// when they are one, else every input below them (in name order, so runs are deterministic).
public struct InputCatalog: Sendable {
    public private(set) var items: [InputItem] = []
    /// Named paths that could not be used: missing, unreadable, or not an input.
    public private(set) var problems: [InputProblem] = []
    /// Files below a named folder that are not inputs: passed over quietly.
    public private(set) var ignored: [String] = []

    public init(paths: [String]) {
        for path in paths { add(path, named: true) }
    }

    private mutating func add(_ path: String, named: Bool) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            problems.append(InputProblem(source: path, reason: .unreadable("no such file or folder")))
            return
        }
        if isFolder.boolValue {
            if let kind = InputDetector.detect(folder: path) {
                items.append(InputItem(path: path, kind: kind))
                return
            }
            guard let children = try? FileManager.default.contentsOfDirectory(atPath: path) else {
                problems.append(InputProblem(source: path, reason: .unreadable("cannot list the folder")))
                return
            }
            for child in children.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) where !child.hasPrefix(".") {
                add(path == "/" ? "/" + child : path + "/" + child, named: false)
            }
            return
        }
        switch InputDetector.detect(file: path) {
        case let .success(kind):
            items.append(InputItem(path: path, kind: kind))
        case let .failure(problem):
            if named { problems.append(problem) } else { ignored.append(path) }
        }
    }
}
