import Foundation

/// Recognises inputs by their content: magic bytes, the files a folder or zip holds, and the
/// shape of the first line.
public enum InputDetector {
    /// What a file is, or why it is not an input.
    public static func detect(file path: String) -> Result<InputKind, InputProblem> {
        do {
            let file = try OpenFile(path: path)
            let head = try file.bytes(at: 0, count: 64 << 10)
            if head.starts(with: [0x1f, 0x8b]) {
                var source: ByteSource = try InflateSource(FileSource(file: file), format: .gzip)
                let text = source.readPrefix(limit: 64 << 10)
                return classifyText(text, path: path, gzip: true)
            }
            if head.starts(with: [0x50, 0x4b, 0x03, 0x04]) || head.starts(with: [0x50, 0x4b, 0x05, 0x06]) {
                return classifyZip(file)
            }
            if isTFRecord(head) { return .success(.tensorBoard(folder: false)) }
            if WandBRecordLog.recognises(head) { return .success(.wandb(folder: false)) }
            if head.starts(with: Array("SQLite format 3\0".utf8)) {
                guard MLflowDatabase.recognises(path) else {
                    return .failure(InputProblem(source: path, reason: .unknownFormat("a SQLite file without MLflow's runs, metrics and params tables")))
                }
                return .success(.mlflow(.database))
            }
            return classifyText(head, path: path, gzip: false)
        } catch let error as InputError {
            return .failure(InputProblem(source: path, reason: .unreadable(error.description)))
        } catch {
            return .failure(InputProblem(source: path, reason: .unreadable(String(describing: error))))
        }
    }

    /// What a folder is: a session or an archive, else nil (a folder of inputs).
    public static func detect(folder path: String) -> InputKind? {
        let root = InputRoot(path: path)
        let has = { (name: String) in root.holds(name) }
        if has("task.json") && (has("metrics.jsonl") || has("log.jsonl")) { return .clearmlSessionFolder }
        if has("messages.json") && has("experiment.json") { return .cometArchive(zip: false) }
        if !TensorBoardLoader.eventFiles(in: path).isEmpty { return .tensorBoard(folder: true) }
        if !WandBLoader.runFiles(in: path).isEmpty { return .wandb(folder: true) }
        if has("meta.yaml") {
            let kind = MLflowFileStore.kind(of: root)
            if kind.isRun { return .mlflow(.runFolder) }
            if kind.isExperiment { return .mlflow(.experimentFolder) }
        }
        return nil
    }

    /// Whether `head` starts with a TFRecord header: a length and its masked CRC-32C (a chance
    /// of 2^-32 for other bytes).
    static func isTFRecord(_ head: [UInt8]) -> Bool {
        guard head.count >= 12 else { return false }
        return head.withUnsafeBytes { raw in
            TFRecordReader.maskedCRC(UnsafeRawBufferPointer(rebasing: raw[0..<8]))
                == raw.loadUnaligned(fromByteOffset: 8, as: UInt32.self).littleEndian
        }
    }

    static func classifyZip(_ file: OpenFile) -> Result<InputKind, InputProblem> {
        guard let archive = try? ZipArchive(file: file) else {
            return .failure(InputProblem(source: file.path, reason: .unreadable("zip archive is unreadable")))
        }
        let names = Set(archive.entries.map(\.name))
        if names.contains("task.json") || names.contains("metrics.jsonl") { return .success(.clearmlSessionZip) }
        if names.contains("messages.json") { return .success(.cometArchive(zip: true)) }
        return .failure(InputProblem(source: file.path,
                                     reason: .unknownFormat("zip archive without task.json or messages.json")))
    }

    /// JSON lines unless the first line is not a whole value and none of the next few is a
    /// whole event either (a pretty-printed document). A dump whose first line is broken is
    /// still read line by line, so that only that line is lost.
    static func classifyText(_ head: [UInt8], path: String, gzip: Bool) -> Result<InputKind, InputProblem> {
        var start = 0
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        while start < head.count, [0x20, 0x09, 0x0A, 0x0D].contains(head[start]) { start += 1 }
        guard start < head.count, head[start] == UInt8(ascii: "{") || head[start] == UInt8(ascii: "[") else {
            if start < head.count, let newline = head[start...].firstIndex(of: 0x0A), hasEventLine(head, after: newline + 1) {
                return .success(.eventLines(gzip: gzip))  // cut off at the front: the first line is lost
            }
            let what = start < head.count ? "does not start with a JSON object or array" : "empty"
            return .failure(InputProblem(source: path, reason: .unknownFormat(what)))
        }
        guard let newline = head[start...].firstIndex(of: 0x0A) else { return .success(.eventLines(gzip: gzip)) }
        let end = trimmedEnd(head, from: start, to: newline)
        let last = end > start ? head[end - 1] : 0
        let closes = last == UInt8(ascii: "}") || last == UInt8(ascii: "]")
        if closes && end - start > 1 { return .success(.eventLines(gzip: gzip)) }
        return .success(hasEventLine(head, after: newline + 1) ? .eventLines(gzip: gzip) : .eventDocument(gzip: gzip))
    }

    /// Whether one of the (up to 16) whole lines of `head` from `start` is an event line as a
    /// dump writes it: `{"…}`, or `[{…]` (a batch), from its first byte. A pretty-printed
    /// document has none: its writer breaks the line after every opening brace.
    static func hasEventLine(_ head: [UInt8], after start: Int) -> Bool {
        var lineStart = start
        for _ in 0..<16 {
            guard lineStart < head.count, let newline = head[lineStart...].firstIndex(of: 0x0A) else { return false }
            let end = trimmedEnd(head, from: lineStart, to: newline)
            if end - lineStart > 2 {
                let pair = (head[lineStart], head[lineStart + 1]), last = head[end - 1]
                if pair == (UInt8(ascii: "{"), UInt8(ascii: "\"")) && last == UInt8(ascii: "}") { return true }
                if pair == (UInt8(ascii: "["), UInt8(ascii: "{")) && last == UInt8(ascii: "]") { return true }
            }
            lineStart = newline + 1
        }
        return false
    }

    /// The end of the line `head[start..<newline]` without its trailing spaces, tabs and CR.
    private static func trimmedEnd(_ head: [UInt8], from start: Int, to newline: Int) -> Int {
        var end = newline
        while end > start, [0x20, 0x09, 0x0D].contains(head[end - 1]) { end -= 1 }
        return end
    }
}
