import Foundation

/// A run's artifacts from an MLflow server: listed with `artifacts/list` (folders walked, at most
/// 10,000 entries), each file fetched through the server's artifact proxy (`get-artifact`) when
/// its path is a `PullPath` and it fits the caps (one file, the run's total); others are reported.
struct MLflowArtifactPull {
    let fetcher: HTTPFetcher
    let run: String
    let options: PullOptions

    func fetch(into folder: String, problems: inout [String]) throws {
        var pending = [""], total = 0, seen = 0
        while let path = pending.popLast(), seen < 10_000 {
            var query = [("run_id", run)]
            if !path.isEmpty { query.append(("path", path)) }
            let answer: JSONValue
            do { answer = try fetcher.json(MLflowPull.api + "artifacts/list", query: query) } catch {
                problems.append("artifacts \(path.isEmpty ? "/" : path): \(error)")
                continue
            }
            for file in answer["files"]?.arrayValue ?? [] {
                seen += 1
                guard let name = file["path"]?.stringValue else { continue }
                guard let safe = PullPath(validating: name) else { problems.append(PullError.unsafeName("artifact \(name)").description); continue }
                if case .bool(true)? = file["is_dir"] { pending.append(safe.text); continue }
                let size = file["file_size"]?.numberValue.map { max(0, Int(saturating: $0)) } ?? 0
                guard size <= options.maxArtifactBytes, total + size <= options.maxRunArtifactBytes else {
                    problems.append("artifact \(safe.text): \(size) bytes, over the cap; not fetched")
                    continue
                }
                do {
                    let bytes = try fetcher.get("get-artifact", query: [("path", safe.text), ("run_uuid", run)], limit: options.maxArtifactBytes)
                    total += bytes.count
                    try PullOutput.write(bytes, to: folder, safe)
                } catch {
                    problems.append("artifact \(safe.text): \(error)")
                }
            }
        }
    }
}
