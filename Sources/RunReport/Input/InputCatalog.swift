import Foundation

/// Turns the paths a user named into inputs: files by content, folders as sessions or archives
/// when they are one, else every input below them (in name order, so runs are deterministic).
///
/// A named path is used as it is, a symbolic link included (the user chose it). Below a named
/// folder the walk follows no symbolic link, to a file or a folder, steps into each folder once
/// (by device and inode, so a bind-mounted loop ends too) and never opens a FIFO, socket or
/// device: those are passed over quietly, listed in `ignored`.
public struct InputCatalog: Sendable {
    public private(set) var items: [InputItem] = []
    /// Named paths that could not be used: missing, unreadable, or not an input.
    public private(set) var problems: [InputProblem] = []
    /// Entries below a named folder that are not inputs: passed over quietly. Symbolic links,
    /// special files and folders met a second time are among them.
    public private(set) var ignored: [String] = []
    /// Folders below which nothing more is walked (the walk goes no deeper than this).
    static let maxDepth = 64

    public init(paths: [String]) {
        for path in paths {
            var seen: Set<FolderIdentity> = []
            add(path, named: true, depth: 0, seen: &seen)
        }
    }

    private mutating func add(_ path: String, named: Bool, depth: Int, seen: inout Set<FolderIdentity>) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            problems.append(InputProblem(source: path, reason: .unreadable("no such file or folder")))
            return
        }
        if isFolder.boolValue {
            addFolder(path, depth: depth, seen: &seen)
        } else {
            addFile(path, named: named)
        }
    }

    private mutating func addFolder(_ path: String, depth: Int, seen: inout Set<FolderIdentity>) {
        let kind = InputDetector.detect(folder: path)
        if let kind { items.append(InputItem(path: path, kind: kind)) }
        // A TensorBoard run's folder may hold other runs (hparams trials, train/ and eval/).
        guard kind == nil || kind == .tensorBoard(folder: true) else { return }
        guard let listing = FolderListing(path: path) else {
            problems.append(InputProblem(source: path, reason: .unreadable("cannot list the folder")))
            return
        }
        guard seen.insert(listing.identity).inserted, depth < Self.maxDepth else {
            ignored.append(path)
            return
        }
        for entry in listing.entries where !entry.name.hasPrefix(".") {
            let child = path == "/" ? "/" + entry.name : path + "/" + entry.name
            switch entry.kind {
            case .file where kind != nil: continue  // the run's own files
            case .file: addFile(child, named: false)
            case .folder: addFolder(child, depth: depth + 1, seen: &seen)
            case .symbolicLink, .other: ignored.append(child)
            }
        }
    }

    private mutating func addFile(_ path: String, named: Bool) {
        switch InputDetector.detect(file: path) {
        case let .success(kind):
            items.append(InputItem(path: path, kind: kind))
        case let .failure(problem):
            if named { problems.append(problem) } else { ignored.append(path) }
        }
    }
}
