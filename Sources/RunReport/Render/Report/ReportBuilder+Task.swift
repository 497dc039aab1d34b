/// What task.json says beyond the header: hyperparameters, script, artifacts and models.
extension ReportBuilder {
    func parameterSections(_ metadata: TaskMetadata?) -> [ReportPage.ParameterSection] {
        let parameters = metadata?.parameters ?? []
        let bySection = Dictionary(grouping: parameters, by: \.section)
        return bySection.keys.sorted().map { section in
            .init(section: section, rows: (bySection[section] ?? []).map { .init(label: $0.name, value: $0.value) })
        }
    }

    /// Repository, branch, commit and entry point; the diff and requirements collapsed.
    func scriptSection(_ metadata: TaskMetadata?) -> [ReportPage.Script] {
        guard let script = metadata?.script else { return [] }
        let fields: [(String, String?)] = [
            ("repository", script.repository), ("branch", script.branch), ("tag", script.tag), ("commit", script.commit),
            ("entry point", script.entryPoint), ("working directory", script.workingDirectory), ("binary", script.binary),
        ]
        let rows = fields.compactMap { label, value in value.map { ReportPage.Item(label: label, value: $0) } }
        return [.init(rows: rows, diffs: script.diff.map { [Self.capped($0)] } ?? [],
                      requirements: script.requirements.map { .init(name: $0.kind, value: $0.text) })]
    }

    func artifactRows(_ metadata: TaskMetadata?) -> [ReportPage.Artifact] {
        (metadata?.artifacts ?? []).map { artifact in
            let location = Self.sessionRelative(artifact.uri ?? "")
            return .init(key: artifact.key, type: artifact.type ?? "", mode: artifact.mode ?? "",
                         size: artifact.size.map(Self.byteCount) ?? "", location: location,
                         links: LinkPolicy.allows(location) ? [location] : [],
                         previews: artifact.preview.map { [$0] } ?? [])
        }
    }

    func modelRows(_ metadata: TaskMetadata?) -> [ReportPage.Model] {
        (metadata?.models ?? []).map { model in
            .init(role: model.role, name: model.name, reference: model.reference,
                  links: LinkPolicy.allows(model.reference) ? [model.reference] : [])
        }
    }

    /// Text up to 256 kB; past it, its start and how much was left out (the page stays small).
    static func capped(_ text: String, limit: Int = 256 << 10) -> String {
        let total = text.utf8.count
        guard total > limit else { return text }
        let head = Array(text.utf8.prefix(limit + 1))
        var end = limit
        while end > 0 && head[end] & 0xC0 == 0x80 { end -= 1 }  // not inside a character
        return String(decoding: head[..<end], as: UTF8.self) + "\n… \(byteCount(Int64(total - end))) more, left out here"
    }

    /// A location on the machine that wrote an offline session, as the part under the
    /// session's `data/` folder (where the session keeps the file); anything else as it is.
    static func sessionRelative(_ location: String) -> String {
        guard location.hasPrefix("/") || location.hasPrefix("file://"), location.contains("/offline-"),
              let range = location.range(of: "/data/") else { return location }
        return "data/" + location[range.upperBound...]
    }

    /// `512 B`, `74.2 kB`, `1.3 MB` (powers of 1000, as file managers show them).
    static func byteCount(_ bytes: Int64) -> String {
        if bytes < 1000 { return "\(bytes) B" }
        var value = Double(bytes) / 1000
        for unit in ["kB", "MB", "GB", "TB"] {
            if value < 999.95 || unit == "TB" { return NumberText.of((value * 10).rounded() / 10) + " " + unit }
            value /= 1000
        }
        return "\(bytes) B"
    }
}
