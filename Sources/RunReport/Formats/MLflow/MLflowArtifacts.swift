/// A file-store run's `artifacts/`: images as debug images (metric `artifacts`, variant the
/// file's name), small text files as text samples, everything else listed by name and size.
enum MLflowArtifacts {
    static let imageSuffixes = [".png", ".jpg", ".jpeg", ".gif", ".webp"]
    static let textSuffixes = [".txt", ".md", ".log", ".json", ".yaml", ".yml", ".csv", ".py"]
    /// The largest text file shown whole.
    static let maxTextBytes = 64 << 10

    static func add(_ names: [(name: String, size: Int)], root: InputRoot, folder: String, to run: inout Run) {
        for (name, _) in names {
            let lower = name.lowercased()
            let relative = "artifacts/" + name
            let size = ((try? root.open(folder + relative)) ?? nil)?.size
            if imageSuffixes.contains(where: lower.hasSuffix) {
                run.debugImages.append(DebugImageEvent(task: run.id, position: EventPosition(metric: "artifacts", variant: name, iteration: 0,
                                                                                             timestamp: nil),
                                                       key: relative, url: nil))
            } else if textSuffixes.contains(where: lower.hasSuffix), let size, size <= maxTextBytes,
                      let file = (try? root.open(folder + relative)) ?? nil, let bytes = try? file.bytes(at: 0, count: size) {
                run.extras.textSamples.append(.init(iteration: nil, text: String(decoding: bytes, as: UTF8.self),
                                                    metadata: [.init(name: "artifact", value: name)]))
            } else {
                run.extras.assets.append(.init(name: name, type: "artifact", size: size, iteration: nil))
            }
        }
        if !run.debugImages.isEmpty { run.counts.byKind[.debugImage] = run.debugImages.count }
    }
}
